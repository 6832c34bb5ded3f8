package io.crmsync.exception.message;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.ExceptionState;

/** The text stored for kinds, sides, states and operations: the enum name without its prefix. */
public final class Names {

    public static final String OPEN = "OPEN";
    public static final String RETRYING = "RETRYING";
    public static final String RESOLVED = "RESOLVED";
    public static final String IGNORED = "IGNORED";

    public static final String RUN_FAILURE = "RUN_FAILURE";
    public static final String RECORD_REJECTS = "RECORD_REJECTS";
    public static final String CONFIGURATION = "CONFIGURATION";
    public static final String INTEGRATION_DISABLED = "INTEGRATION_DISABLED";

    private Names() {
    }

    public static String of(ExceptionKind kind) {
        return kind.name().substring("EXCEPTION_KIND_".length());
    }

    public static String of(ExceptionState state) {
        return state.name().substring("EXCEPTION_STATE_".length());
    }

    /** Unspecified reads as {@code fallback}. */
    public static String of(ExceptionSide side, String fallback) {
        return side == ExceptionSide.EXCEPTION_SIDE_UNSPECIFIED || side == ExceptionSide.UNRECOGNIZED ? fallback
                : side.name().substring("EXCEPTION_SIDE_".length());
    }

    public static String of(Operation operation) {
        return operation == Operation.UNRECOGNIZED ? "UNSPECIFIED" : operation.name().substring("OPERATION_".length());
    }

    public static ExceptionKind kind(String name) {
        return ExceptionKind.valueOf("EXCEPTION_KIND_" + name);
    }

    public static ExceptionState state(String name) {
        return ExceptionState.valueOf("EXCEPTION_STATE_" + name);
    }

    public static ExceptionSide side(String name) {
        return ExceptionSide.valueOf("EXCEPTION_SIDE_" + name);
    }

    public static Operation operation(String name) {
        return Operation.valueOf("OPERATION_" + name);
    }
}
