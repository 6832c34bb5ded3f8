package io.crmsync.config.integration;

import io.crmsync.common.error.ErrorCode;

/** Error codes about integrations. */
public final class IntegrationErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("config.integration_not_found");
    public static final ErrorCode NAME_TAKEN = ErrorCode.conflict("config.integration_name_taken");
    /** The integration cannot work as it stands, e.g. activating one without points. */
    public static final ErrorCode INVALID = ErrorCode.failedPrecondition("config.integration_invalid");
    public static final ErrorCode INACTIVE = ErrorCode.failedPrecondition("config.integration_inactive");

    private IntegrationErrors() {
    }
}
