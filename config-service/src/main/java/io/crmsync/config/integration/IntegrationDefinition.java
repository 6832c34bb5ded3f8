package io.crmsync.config.integration;

import java.util.List;

import io.crmsync.config.integration.point.ConnectionEnds;
import io.crmsync.config.integration.point.PointEntity;

/** An integration with its points in order and its connection's endpoints, read in one transaction. */
public record IntegrationDefinition(IntegrationEntity integration, ConnectionEnds ends, List<PointEntity> points) {
}
