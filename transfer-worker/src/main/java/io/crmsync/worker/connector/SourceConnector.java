package io.crmsync.worker.connector;

/** A connector that can read records from its endpoints. */
public interface SourceConnector extends Connector {

    /** Connects for reading; fails like {@link Connector#connect(EndpointAccess)}. */
    SourceSession openSource(EndpointAccess endpoint);
}
