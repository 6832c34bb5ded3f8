package io.crmsync.exception.message;

import io.crmsync.common.error.ErrorCode;

/** Error codes of exception-service. */
public final class ExceptionErrors {

    public static final ErrorCode MESSAGE_NOT_FOUND = ErrorCode.notFound("exception.message_not_found");
    public static final ErrorCode ITEM_NOT_FOUND = ErrorCode.notFound("exception.item_not_found");
    public static final ErrorCode ALREADY_RESOLVED = ErrorCode.failedPrecondition("exception.already_resolved");
    public static final ErrorCode NOTHING_TO_RETRY = ErrorCode.failedPrecondition("exception.nothing_to_retry");
    /** An ignored reject message whose point has a newer open one: its items are retried from that one. */
    public static final ErrorCode SUPERSEDED = ErrorCode.failedPrecondition("exception.superseded");

    private ExceptionErrors() {
    }
}
