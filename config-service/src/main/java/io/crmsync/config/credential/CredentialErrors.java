package io.crmsync.config.credential;

import io.crmsync.common.error.ErrorCode;

/** Error codes about credentials. */
final class CredentialErrors {

    static final ErrorCode MISSING = ErrorCode.notFound("config.credential_missing");
    /** Stored but cannot be opened (tampered, sealed for another endpoint, or with a key no longer configured). */
    static final ErrorCode UNREADABLE = ErrorCode.failedPrecondition("config.credential_unreadable");

    private CredentialErrors() {
    }
}
