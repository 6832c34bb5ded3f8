package io.crmsync.worker.connector;

import java.time.Instant;
import java.util.List;

import io.crmsync.proto.config.v1.FilterExpression;

/**
 * What a source reads: which fields of which object, within which cursor window, after which position.
 * Records come ordered by (cursor field, key fields), so a position is enough to resume without gaps.
 *
 * @param objectName the source object
 * @param fields the fields to read, each once; includes the cursor and key fields
 * @param cursorField the modification-time field ordering the read, or empty for key order only
 * @param keyFields the fields identifying a record, in match-key order; tie-breakers after the cursor
 * @param windowStart inclusive lower bound on the cursor field, or null for no bound
 * @param windowEnd exclusive upper bound on the cursor field, or null for no bound
 * @param after read only records strictly after this position, or null to read from the start
 * @param fetchSize how many records to fetch per round trip
 * @param filter which records to read besides the window (the point's query object rule), or null for all
 * @param range the key range to read (one partition of the object), or null for every key
 */
public record ReadRequest(String objectName, List<String> fields, String cursorField, List<String> keyFields,
        Instant windowStart, Instant windowEnd, Position after, int fetchSize, FilterExpression filter,
        KeyRange range) {

    public ReadRequest {
        fields = List.copyOf(fields);
        keyFields = List.copyOf(keyFields);
    }

    /** A read of every key. */
    public ReadRequest(String objectName, List<String> fields, String cursorField, List<String> keyFields,
            Instant windowStart, Instant windowEnd, Position after, int fetchSize, FilterExpression filter) {
        this(objectName, fields, cursorField, keyFields, windowStart, windowEnd, after, fetchSize, filter, null);
    }

    /** A read of every record in the window. */
    public ReadRequest(String objectName, List<String> fields, String cursorField, List<String> keyFields,
            Instant windowStart, Instant windowEnd, Position after, int fetchSize) {
        this(objectName, fields, cursorField, keyFields, windowStart, windowEnd, after, fetchSize, null);
    }

    public boolean hasCursor() {
        return cursorField != null && !cursorField.isEmpty();
    }
}
