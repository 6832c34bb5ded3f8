package io.crmsync.common.error;

import io.grpc.Status;

/**
 * A stable, machine-readable error reason ({@code <service>.<snake_case>}) tied once to its gRPC
 * status and HTTP status, so every adapter maps the same failure the same way.
 */
public record ErrorCode(String reason, Status.Code grpcCode, int httpStatus) {

    public static ErrorCode notFound(String reason) {
        return new ErrorCode(reason, Status.Code.NOT_FOUND, 404);
    }

    public static ErrorCode invalid(String reason) {
        return new ErrorCode(reason, Status.Code.INVALID_ARGUMENT, 400);
    }

    public static ErrorCode conflict(String reason) {
        return new ErrorCode(reason, Status.Code.ALREADY_EXISTS, 409);
    }

    public static ErrorCode failedPrecondition(String reason) {
        return new ErrorCode(reason, Status.Code.FAILED_PRECONDITION, 409);
    }

    public static ErrorCode unavailable(String reason) {
        return new ErrorCode(reason, Status.Code.UNAVAILABLE, 503);
    }

    /** Codes every service shares. */
    public static final ErrorCode INTERNAL = new ErrorCode("crmsync.internal", Status.Code.INTERNAL, 500);
    public static final ErrorCode INVALID_ARGUMENT = invalid("crmsync.invalid_argument");
    public static final ErrorCode UNAVAILABLE = unavailable("crmsync.dependency_unavailable");
}
