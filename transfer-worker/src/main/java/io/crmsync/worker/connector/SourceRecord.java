package io.crmsync.worker.connector;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One record read from a source.
 *
 * @param values field values by field name, in read order. Values are {@code null}, {@link String},
 *        {@link Long}, {@link java.math.BigDecimal}, {@link Double}, {@link Boolean},
 *        {@link java.time.OffsetDateTime}, {@link java.time.LocalDateTime}, {@link java.time.LocalDate}, or a
 *        {@link java.util.List} of these for a multi-value field (an array column)
 * @param position where the record sits in cursor order
 * @param unreadable why the source could not read this record (a malformed line of a file), or null for a
 *        record that was read; the engine rejects such a record and goes on with the next one
 */
public record SourceRecord(Map<String, Object> values, Position position, Unreadable unreadable) {

    /** The single value of an unreadable record: its raw text, so that the reject shows what was there. */
    public static final String RAW_TEXT = "raw_text";

    public SourceRecord {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A record that was read. */
    public SourceRecord(Map<String, Object> values, Position position) {
        this(values, position, null);
    }

    /**
     * A record the source found but could not read. Sources whose records are independent (lines of a file) use
     * it so that one bad record is rejected instead of failing the whole read.
     *
     * @param position its place in read order; give it incomplete key values so it is never a resume point
     * @param code a stable reject code such as {@code source.malformed_csv}
     * @param message the reason, naming where the record is (e.g. {@code line 17: ...})
     * @param rawText the record's text as far as it could be read
     */
    public static SourceRecord unreadable(Position position, String code, String message, String rawText) {
        return new SourceRecord(Map.of(RAW_TEXT, rawText), position, new Unreadable(code, message));
    }

    public Object value(String field) {
        return values.get(field);
    }

    /** Why a record could not be read: the reject code and message the engine records. */
    public record Unreadable(String code, String message) {
    }
}
