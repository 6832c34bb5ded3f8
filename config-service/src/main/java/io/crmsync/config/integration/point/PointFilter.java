package io.crmsync.config.integration.point;

import java.util.List;
import java.util.UUID;

import io.crmsync.config.connection.ConnectionEntity;
import io.crmsync.config.connection.ConnectionRegistry;
import io.crmsync.config.endpoint.EndpointRegistry;
import io.crmsync.config.endpoint.EndpointType;
import io.crmsync.config.filter.FilterNode;
import io.crmsync.config.filter.FilterRules;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Checks a point's filter when it is saved: it parses, and the point's source connector can express it. The
 * source follows from the integration's connection and the point's direction, so a new connection checks again.
 */
@ApplicationScoped
class PointFilter {

    private final EntityManager em;
    private final ConnectionRegistry connections;
    private final EndpointRegistry endpoints;

    PointFilter(EntityManager em, ConnectionRegistry connections, EndpointRegistry endpoints) {
        this.em = em;
        this.connections = connections;
        this.endpoints = endpoints;
    }

    /** Fails with a 400 naming {@code <prefix>filter} when the filter is malformed or cannot run at its source. */
    void check(UUID integrationId, String prefix, PointRequest request) {
        String field = prefix + "filter";
        FilterNode filter = FilterRules.parse(field, request.filter());
        if (filter == null) {
            return;
        }
        UUID connectionId = em.createQuery("select i.connectionId from IntegrationEntity i where i.id = :id",
                UUID.class).setParameter("id", integrationId).getSingleResult();
        FilterRules.requireExpressible(field, sourceType(connectionId, request.direction()), filter);
    }

    /** Fails with a 400 naming {@code connectionId} when a stored filter cannot run at the new connection's source. */
    void recheck(List<PointEntity> points, UUID connectionId) {
        for (PointEntity point : points) {
            FilterNode filter = point.filter == null ? null : FilterRules.parse("connectionId", point.filter);
            if (filter != null) {
                FilterRules.requireExpressible("connectionId", sourceType(connectionId, point.direction), filter,
                        "the filter of point '" + point.name + "' cannot run there: ");
            }
        }
    }

    private EndpointType sourceType(UUID connectionId, Direction direction) {
        ConnectionEntity connection = connections.get(connectionId);
        UUID source = new ConnectionEnds(connection.homeEndpointId, connection.remoteEndpointId).sourceFor(direction);
        return endpoints.get(source).type;
    }
}
