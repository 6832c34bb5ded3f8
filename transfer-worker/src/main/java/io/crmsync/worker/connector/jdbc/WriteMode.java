package io.crmsync.worker.connector.jdbc;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.WriteSpec;

/** Which kind of write a spec needs, from its operation, key and write switches. */
public enum WriteMode {
    /** Insert unmatched rows, update matched rows that changed. */
    UPSERT,
    /** New records only; matched rows are left alone. */
    INSERT_NEW,
    /** Existing records only: update matched rows that changed. */
    UPDATE_MATCHED,
    /** Nothing is written; the database only tells which rows match. */
    PROBE,
    /** A plain INSERT: INSERT_ONLY without a match key. */
    PLAIN_INSERT,
    /** Delete the records matching the rows' keys (operation DELETE; the write switches do not apply). */
    DELETE_MATCHED,
    /** Nothing can be written and nothing needs to be looked up. */
    SKIP_ALL;

    public static WriteMode of(WriteSpec spec) {
        boolean keyed = !spec.keyColumns().isEmpty();
        if (spec.operation() == Operation.OPERATION_DELETE) {
            return keyed ? DELETE_MATCHED : SKIP_ALL;
        }
        if (spec.operation() == Operation.OPERATION_UPDATE_ONLY) {
            return !keyed ? SKIP_ALL : mayUpdate(spec) ? UPDATE_MATCHED : PROBE;
        }
        if (!keyed) {
            return spec.allowNewRecords() ? PLAIN_INSERT : SKIP_ALL;
        }
        if (spec.allowNewRecords()) {
            return mayUpdate(spec) ? UPSERT : INSERT_NEW;
        }
        return mayUpdate(spec) ? UPDATE_MATCHED : PROBE;
    }

    /**
     * Whether a matched row that is left alone counts as unchanged rather than skipped: only when the spec would
     * have updated it had a value differed.
     */
    public static boolean matchedIsUnchanged(WriteSpec spec) {
        return (spec.operation() == Operation.OPERATION_UPSERT || spec.operation() == Operation.OPERATION_UPDATE_ONLY)
                && spec.updateExisting();
    }

    private static boolean mayUpdate(WriteSpec spec) {
        return matchedIsUnchanged(spec) && !spec.nonKeyColumns().isEmpty();
    }
}
