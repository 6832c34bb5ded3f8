package io.crmsync.worker.connector;

import java.util.Set;

import io.crmsync.proto.config.v1.Operation;

/** A connector that can write records to its endpoints. */
public interface TargetConnector extends Connector {

    /** Connects for writing; fails like {@link Connector#connect(EndpointAccess)}. */
    TargetSession openTarget(EndpointAccess endpoint);

    /** The write operations this connector implements; others are refused when a task is validated. */
    Set<Operation> supportedOperations();

    /**
     * Whether the connector honours {@link WriteSpec#modifiedColumn()} (conflict policy most-recent-wins): it
     * compares the target record's modification time with the row's and leaves a newer record alone.
     */
    default boolean keepsNewerRecords() {
        return false;
    }
}
