package io.crmsync.worker.connector;

/** A connector that can read records from its endpoints. */
public interface SourceConnector extends Connector {

    /** Connects for reading; fails like {@link Connector#connect(EndpointAccess)}. */
    SourceSession openSource(EndpointAccess endpoint);

    /**
     * Whether {@link SourceSession#readDeleted} works: the endpoint keeps a log of deleted records (a CRM's recycle
     * bin or change feed). SQL tables keep none, so operation IMPORT_DELETED is refused before anything is read.
     */
    default boolean readsDeletedRecords() {
        return false;
    }
}
