package io.crmsync.worker.task;

import java.util.Map;

import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.worker.connector.EndpointAccess;

/**
 * Everything a task runs with: its integration (for the write switches), the point it moves, how to reach both
 * endpoints, and the rows of the reference lookups its field rules use (by lookup name).
 */
public record TaskDefinition(Integration integration, IntegrationPoint point, EndpointAccess source,
        EndpointAccess target, Map<String, Map<String, String>> lookups) {

    public TaskDefinition {
        lookups = Map.copyOf(lookups);
    }
}
