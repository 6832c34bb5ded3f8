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
