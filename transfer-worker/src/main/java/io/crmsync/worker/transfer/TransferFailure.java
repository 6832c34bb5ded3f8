package io.crmsync.worker.transfer;

import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;

/**
 * A task failure as admins see it: a kind, a stable code, where it happened (the source or target endpoint when one
 * of them failed, else the platform: configuration, a service the worker depends on, the worker itself), and a
 * message that names what failed and never holds a secret or a connection URL.
 */
public class TransferFailure extends RuntimeException {

    public static final String CONFIGURATION_INVALID = "transfer.configuration_invalid";
    public static final String DEPENDENCY_FAILED = "transfer.dependency_failed";
    public static final String INTERNAL_ERROR = "transfer.internal_error";
    static final String INTERNAL_MESSAGE = "internal error in transfer worker, see worker logs";

    private final ExceptionKind kind;
    private final String code;
    private final ExceptionSide side;

    /** A failure of the platform (neither endpoint). */
    public TransferFailure(ExceptionKind kind, String code, String message, Throwable cause) {
        this(kind, ExceptionSide.EXCEPTION_SIDE_PLATFORM, code, message, cause);
    }

    public TransferFailure(ExceptionKind kind, ExceptionSide side, String code, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.side = side;
        this.code = code;
    }

    /** The configuration cannot work; rerunning will not help until an admin changes it. */
    public static TransferFailure configuration(String message) {
        return new TransferFailure(ExceptionKind.EXCEPTION_KIND_CONFIGURATION, CONFIGURATION_INVALID, message, null);
    }

    /** The run failed for a reason outside the configuration (unreachable endpoint, refused credential...). */
    public static TransferFailure run(String code, String message, Throwable cause) {
        return new TransferFailure(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE, code, message, cause);
    }

    static TransferFailure internal(Throwable cause) {
        return run(INTERNAL_ERROR, INTERNAL_MESSAGE, cause);
    }

    public ExceptionKind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** SOURCE or TARGET when that endpoint failed, PLATFORM otherwise. */
    public ExceptionSide side() {
        return side;
    }
}
