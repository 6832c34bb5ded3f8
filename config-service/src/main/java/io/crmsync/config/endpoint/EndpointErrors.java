package io.crmsync.config.endpoint;

import io.crmsync.common.error.ErrorCode;

/** Error codes about endpoints. */
public final class EndpointErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("config.endpoint_not_found");
    public static final ErrorCode NAME_TAKEN = ErrorCode.conflict("config.endpoint_name_taken");
    public static final ErrorCode IN_USE = ErrorCode.failedPrecondition("config.endpoint_in_use");

    private EndpointErrors() {
    }
}
