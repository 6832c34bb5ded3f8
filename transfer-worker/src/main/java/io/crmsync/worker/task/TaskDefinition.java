package io.crmsync.worker.task;

import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.worker.connector.EndpointAccess;

/**
 * Everything a task runs with: its integration (for the write switches), the point it moves, and how to
 * reach both endpoints.
 */
public record TaskDefinition(Integration integration, IntegrationPoint point, EndpointAccess source,
        EndpointAccess target) {
}
