package io.crmsync.config.connection;

import io.crmsync.common.error.ErrorCode;

/** Error codes about connections. */
public final class ConnectionErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("config.connection_not_found");
    public static final ErrorCode NAME_TAKEN = ErrorCode.conflict("config.connection_name_taken");
    public static final ErrorCode IN_USE = ErrorCode.failedPrecondition("config.connection_in_use");

    private ConnectionErrors() {
    }
}
