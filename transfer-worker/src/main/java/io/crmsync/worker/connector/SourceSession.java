package io.crmsync.worker.connector;

/** A session that streams records of one object in cursor order. */
public interface SourceSession extends ConnectorSession {

    /**
     * Streams the records the request selects, ordered by (cursor field, key fields), with bounded memory.
     * The caller closes the stream. Failures while reading surface as {@link ConnectorException} from the
     * stream's methods.
     */
    RecordStream read(ReadRequest request);
}
