package io.crmsync.config.auth;

import io.crmsync.common.error.ErrorCode;
import io.grpc.Status;

/** Error codes of the admin API's authentication and authorization. */
public final class AuthErrors {

    /** No bearer token, or one that is unknown, expired or badly signed. */
    public static final ErrorCode UNAUTHENTICATED = new ErrorCode("crmsync.unauthenticated",
            Status.Code.UNAUTHENTICATED, 401);
    /** A valid token whose roles do not allow the request. */
    public static final ErrorCode PERMISSION_DENIED = new ErrorCode("crmsync.permission_denied",
            Status.Code.PERMISSION_DENIED, 403);

    private AuthErrors() {
    }
}
