package io.crmsync.exception.message;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.google.protobuf.Timestamp;

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

    /** Ids: integration, point, run, batch. */
    public static final int MAX_ID_LENGTH = 200;

    /** A required id, at most {@link #MAX_ID_LENGTH} characters (ids sit in unique indexes). */
    public static void requireId(String field, String value) {
        require(field, value);
        maxLength(field, value, MAX_ID_LENGTH);
    }

    /**
     * Longest record key, in UTF-8 bytes (a btree index entry holds at most 2,704 bytes, with the point id beside
     * it), and code accepted; longer ones are refused naming the field.
     */
    public static final int MAX_KEY_BYTES = 2_000;
    public static final int MAX_CODE_LENGTH = 200;
    /** Longer message texts are cut to this length, the last character being an ellipsis. */
    public static final int MAX_MESSAGE_LENGTH = 4_000;

    /** Refuses a value longer than {@code max} characters. */
    public static void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw CrmsyncException.invalidField(field, "is longer than " + max + " characters");
        }
    }

    /** Refuses a value longer than {@code max} bytes in UTF-8. */
    public static void maxBytes(String field, String value, int max) {
        if (value != null && value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > max) {
            throw CrmsyncException.invalidField(field, "is longer than " + max + " bytes in UTF-8");
        }
    }

    /** NUL characters, which PostgreSQL text cannot hold, become U+FFFD. */
    public static String clean(String value) {
        return value == null || value.indexOf('\u0000') < 0 ? value : value.replace('\u0000', '\uFFFD');
    }

    /** {@link #clean} and, beyond {@link #MAX_MESSAGE_LENGTH}, cut with an ellipsis. */
    public static String messageText(String value) {
        String text = clean(value);
        return text == null || text.length() <= MAX_MESSAGE_LENGTH ? text
                : text.substring(0, MAX_MESSAGE_LENGTH - 1) + "\u2026";
    }

    /** A timestamp within years 1..9999 (what PostgreSQL and the API agree on), else refused naming the field. */
    public static Instant timestamp(String field, Timestamp value) {
        if (value.getSeconds() < MIN_SECONDS || value.getSeconds() > MAX_SECONDS || value.getNanos() < 0
                || value.getNanos() > 999_999_999) {
            throw CrmsyncException.invalidField(field, "must be a time between the years 1 and 9999");
        }
        return Instant.ofEpochSecond(value.getSeconds(), value.getNanos());
    }

    private static final long MIN_SECONDS = -62_135_596_800L; // 0001-01-01T00:00:00Z
    private static final long MAX_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

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
