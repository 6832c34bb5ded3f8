package io.crmsync.emulator.salesforce;

import java.util.List;

/** A Salesforce error answer: HTTP status plus the {@code [{message, errorCode, fields?}]} body every endpoint uses. */
final class SfException extends RuntimeException {
    final int status;
    final String errorCode;
    final List<String> fields;

    SfException(int status, String errorCode, String message) {
        this(status, errorCode, message, null);
    }

    SfException(int status, String errorCode, String message, List<String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
        this.fields = fields;
    }
}
