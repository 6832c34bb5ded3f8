package io.crmsync.config.integration.point;

import io.crmsync.common.error.ErrorCode;

/** Error codes about integration points. */
public final class PointErrors {

    public static final ErrorCode NOT_FOUND = ErrorCode.notFound("config.point_not_found");
    public static final ErrorCode NAME_TAKEN = ErrorCode.conflict("config.point_name_taken");

    private PointErrors() {
    }
}
