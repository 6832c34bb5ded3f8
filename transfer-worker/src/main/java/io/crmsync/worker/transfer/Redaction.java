package io.crmsync.worker.transfer;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which source values never leave the worker in a record snapshot (the payload of a rejected record, kept by
 * exception-service): the point's {@code sensitive_fields}, and every field whose name looks like a secret, listed
 * or not. Their values become {@value #REDACTED}; the field stays, so admins see it existed. Names compare without
 * regard to case.
 */
final class Redaction {

    static final String REDACTED = "[redacted]";

    /**
     * A field whose name contains one of these (lower case) holds a secret. The one place this list is kept; the
     * README repeats it.
     */
    static final List<String> SECRET_NAME_PARTS = List.of("password", "passwd", "secret", "token", "apikey",
            "api_key", "private_key");

    private final Set<String> listed;
    private final boolean rawTextRedacted;

    /**
     * @param sensitiveFields the point's sensitive fields
     * @param readFields the source fields a read returns: when one of them is sensitive, the raw text of a record
     *        the source could not read (a malformed line, which may hold that value) is redacted whole
     */
    Redaction(Collection<String> sensitiveFields, Collection<String> readFields) {
        this.listed = sensitiveFields.stream().map(f -> f.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        this.rawTextRedacted = readFields.stream().anyMatch(this::sensitive);
    }

    /** Whether the value of {@code field} must not be kept. */
    boolean sensitive(String field) {
        String name = field.toLowerCase(Locale.ROOT);
        return listed.contains(name) || SECRET_NAME_PARTS.stream().anyMatch(name::contains);
    }

    /** Whether the raw text of an unreadable record must not be kept. */
    boolean rawTextRedacted() {
        return rawTextRedacted;
    }
}
