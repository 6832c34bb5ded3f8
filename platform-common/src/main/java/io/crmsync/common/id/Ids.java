package io.crmsync.common.id;

import java.util.UUID;
import java.util.regex.Pattern;

import io.crmsync.common.error.CrmsyncException;

/** Parses ids received as text (path segments, query and gRPC fields): malformed ones are a 400 naming the field. */
public final class Ids {

    private static final Pattern CANONICAL = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Ids() {
    }

    public static UUID parse(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CrmsyncException.invalidField(field, "is required");
        }
        // UUID.fromString also accepts odd short forms such as 1-2-3-4-5; ids are only ever canonical.
        if (!CANONICAL.matcher(value).matches()) {
            throw CrmsyncException.invalidField(field, "must be a UUID");
        }
        return UUID.fromString(value);
    }

    /** Null when absent, for optional filters. */
    public static UUID parseOptional(String field, String value) {
        return value == null || value.isEmpty() ? null : parse(field, value);
    }
}
