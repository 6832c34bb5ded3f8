package io.crmsync.worker.inspect;

import io.crmsync.common.error.ErrorCode;

/** Error codes of the synchronous connector calls. */
public final class InspectErrors {

    public static final ErrorCode OBJECT_NOT_FOUND = ErrorCode.notFound("transfer.object_not_found");
    public static final ErrorCode CONNECTOR_MISSING = ErrorCode.failedPrecondition("transfer.connector_missing");
    public static final ErrorCode ENDPOINT_UNREACHABLE = ErrorCode.failedPrecondition("transfer.endpoint_unreachable");
    public static final ErrorCode CONFIGURATION_INVALID =
            ErrorCode.failedPrecondition("transfer.configuration_invalid");

    private InspectErrors() {
    }
}
