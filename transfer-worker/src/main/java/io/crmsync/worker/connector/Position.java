package io.crmsync.worker.connector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A record's place in cursor order: its modification time and its key values as text. Modification times
 * tie, so the key breaks ties.
 *
 * @param modifiedTime the cursor field's value, or null when the read has no cursor field
 * @param key the key fields' values as the source writes them as text, in key order; an entry is null when
 *        the record has no value for that key field
 */
public record Position(Instant modifiedTime, List<String> key) {

    public Position {
        key = Collections.unmodifiableList(new ArrayList<>(key));
    }

    /** Whether every key value is present, so a read can resume strictly after this position. */
    public boolean isComplete() {
        return !key.contains(null);
    }
}
