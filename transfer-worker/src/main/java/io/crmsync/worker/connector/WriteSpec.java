package io.crmsync.worker.connector;

import java.util.List;
import java.util.Set;

import io.crmsync.proto.config.v1.Operation;

/**
 * How a batch is written: which object and columns, matched on which key, with which operation and switches.
 *
 * @param objectName the target object
 * @param columns the target fields written, in row order
 * @param keyColumns the match key, a subset of {@code columns}; empty only for a plain INSERT_ONLY
 * @param operation the write operation
 * @param allowNewRecords when false, rows matching no target record are skipped
 * @param updateExisting when false, rows matching a target record are skipped
 * @param rewriteUnchanged when true (a rebuild), matched records are written even when no value changed
 * @param modifiedColumn the column, one of {@code columns}, holding a record's modification time when the conflict
 *        policy is most-recent-wins: a matched record whose value there is newer than the row's is left alone
 *        (skipped); null when the row always wins
 */
public record WriteSpec(String objectName, List<String> columns, List<String> keyColumns, Operation operation,
        boolean allowNewRecords, boolean updateExisting, boolean rewriteUnchanged, String modifiedColumn) {

    public WriteSpec {
        columns = List.copyOf(columns);
        keyColumns = List.copyOf(keyColumns);
    }

    /** A write that leaves unchanged records alone. */
    public WriteSpec(String objectName, List<String> columns, List<String> keyColumns, Operation operation,
            boolean allowNewRecords, boolean updateExisting) {
        this(objectName, columns, keyColumns, operation, allowNewRecords, updateExisting, false, null);
    }

    /** The same write, rewriting matched records whether they changed or not. */
    public WriteSpec rewritingUnchanged() {
        return new WriteSpec(objectName, columns, keyColumns, operation, allowNewRecords, updateExisting, true,
                modifiedColumn);
    }

    /** The same write, leaving alone matched records whose {@code column} is newer than the row's (most recent wins). */
    public WriteSpec keepingNewer(String column) {
        return new WriteSpec(objectName, columns, keyColumns, operation, allowNewRecords, updateExisting,
                rewriteUnchanged, column);
    }

    /**
     * Refuses a write whose operation the connector does not implement (the engine checks this before reading;
     * this is the connector's own guard).
     *
     * @param ending how the message ends, e.g. {@code " yet"}
     */
    public void requireOperationIn(Set<Operation> supported, String connectorType, String ending) {
        if (!supported.contains(operation)) {
            throw new ConnectorException(ConnectorException.Reason.CONFIGURATION, "operation "
                    + operation.name().replaceFirst("^OPERATION_", "") + " is not supported by the " + connectorType
                    + " connector" + ending);
        }
    }

    /** The written columns that are not part of the key, in row order. */
    public List<String> nonKeyColumns() {
        return columns.stream().filter(c -> !keyColumns.contains(c)).toList();
    }
}
