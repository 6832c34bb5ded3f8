package io.crmsync.exception.message;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.proto.exception.v1.ExceptionState;

/** Checks of request fields, failing with INVALID_ARGUMENT naming the field. */
public final class Validation {

    private Validation() {
    }

    public static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CrmsyncException.invalidField(field, "is required");
        }
    }

    public static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    /** Ids of a repeated field, each named by its index when malformed. */
    public static List<UUID> ids(String field, List<String> values) {
        List<UUID> ids = new ArrayList<>(values.size());
        for (int i = 0; i < values.size(); i++) {
            ids.add(Ids.parse(field + "[" + i + "]", values.get(i)));
        }
        return ids;
    }

    /** Stored state names of a state filter; UNSPECIFIED is refused naming the field. */
    public static List<String> states(String field, List<ExceptionState> states) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            ExceptionState state = states.get(i);
            if (state == ExceptionState.EXCEPTION_STATE_UNSPECIFIED || state == ExceptionState.UNRECOGNIZED) {
                throw CrmsyncException.invalidField(field + "[" + i + "]", "must be a known state");
            }
            names.add(Names.of(state));
        }
        return names;
    }
}
