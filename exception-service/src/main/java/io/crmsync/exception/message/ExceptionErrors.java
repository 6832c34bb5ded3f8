package io.crmsync.exception.message;

import io.crmsync.common.error.ErrorCode;

/** Error codes of exception-service. */
final class ExceptionErrors {

    static final ErrorCode MESSAGE_NOT_FOUND = ErrorCode.notFound("exception.message_not_found");

    private ExceptionErrors() {
    }
}
