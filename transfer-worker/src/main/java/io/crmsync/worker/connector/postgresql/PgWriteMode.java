package io.crmsync.worker.connector.postgresql;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.WriteSpec;

/** Which statement a write spec needs, from its operation, key and write switches. */
enum PgWriteMode {
    /** INSERT ... ON CONFLICT (key) DO UPDATE ... WHERE changed. */
    UPSERT,
    /** INSERT ... ON CONFLICT (key) DO NOTHING: new records only. */
    INSERT_NEW,
    /** UPDATE ... FROM input WHERE key matches AND changed: existing records only. */
    UPDATE_MATCHED,
    /** Nothing is written; the database only tells which rows match. */
    PROBE,
    /** A plain INSERT: INSERT_ONLY without a match key. */
    PLAIN_INSERT,
    /** Nothing can be written and nothing needs to be looked up. */
    SKIP_ALL;

    static PgWriteMode of(WriteSpec spec) {
        boolean keyed = !spec.keyColumns().isEmpty();
        boolean mayUpdate = spec.operation() == Operation.OPERATION_UPSERT && spec.updateExisting()
                && !spec.nonKeyColumns().isEmpty();
        if (!keyed) {
            return spec.allowNewRecords() ? PLAIN_INSERT : SKIP_ALL;
        }
        if (spec.allowNewRecords()) {
            return mayUpdate ? UPSERT : INSERT_NEW;
        }
        return mayUpdate ? UPDATE_MATCHED : PROBE;
    }
}
