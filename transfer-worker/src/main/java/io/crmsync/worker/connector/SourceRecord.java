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
 */
public record SourceRecord(Map<String, Object> values, Position position) {

    public SourceRecord {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public Object value(String field) {
        return values.get(field);
    }
}
