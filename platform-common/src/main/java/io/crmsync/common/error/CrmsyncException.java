package io.crmsync.common.error;

/**
 * A failure with a stable {@link ErrorCode} and a message safe to show to admins: it never holds a
 * secret, a stack trace or a raw driver message that could echo one.
 */
public class CrmsyncException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public CrmsyncException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public CrmsyncException(ErrorCode code, String message, String field, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.field = field;
    }

    /** A 400 naming the offending field of the request. */
    public static CrmsyncException invalidField(String field, String message) {
        return new CrmsyncException(ErrorCode.INVALID_ARGUMENT, field + ": " + message, field, null);
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
