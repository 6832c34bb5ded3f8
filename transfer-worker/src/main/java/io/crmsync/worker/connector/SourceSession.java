package io.crmsync.worker.connector;

import java.util.List;

import io.crmsync.proto.config.v1.FilterExpression;

/** A session that streams records of one object in cursor order. */
public interface SourceSession extends ConnectorSession {

    /**
     * Streams the records the request selects, ordered by (cursor field, key fields), with bounded memory.
     * The caller closes the stream. Failures while reading surface as {@link ConnectorException} from the
     * stream's methods.
     */
    RecordStream read(ReadRequest request);

    /**
     * Streams the records deleted within the request's cursor window (operation IMPORT_DELETED), ordered by
     * (deletion time, key fields) so a position resumes them like {@link #read}: each carries the request's key
     * fields and, as its cursor value, the deletion time; other fields may be null. A window reaching back beyond
     * what the endpoint still keeps fails with {@link ConnectorException.Reason#CONFIGURATION}, naming the limit,
     * rather than silently missing deletions. Only connectors whose {@link SourceConnector#readsDeletedRecords()}
     * is true implement it.
     */
    default RecordStream readDeleted(ReadRequest request) {
        throw new ConnectorException(ConnectorException.Reason.CONFIGURATION,
                "this connector cannot read deleted records");
    }

    /**
     * Splits an object into contiguous ranges of one key field holding about {@code rowsPerRange} records each,
     * at most {@code maxRanges}, so that a large full read can run as parallel tasks: the first range has no
     * lower bound, the last no upper bound, each upper bound is the next lower bound. Empty when the object is
     * too small to be worth splitting, or the connector cannot split it (the default).
     */
    default List<KeyRange> planRanges(String objectName, String keyField, long rowsPerRange, int maxRanges) {
        return List.of();
    }

    /**
     * Checks a filter against the object before anything is read: every problem found (a value the field's type
     * cannot hold, an operator the field's type lacks), each naming its field; empty when the filter can run. A
     * connector that cannot filter says so here, so that a filter is never silently ignored.
     */
    default List<String> filterProblems(String objectName, FilterExpression filter) {
        return List.of("this connector cannot apply filters yet");
    }
}
