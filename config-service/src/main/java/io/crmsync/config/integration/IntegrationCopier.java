package io.crmsync.config.integration;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.connection.ConnectionEntity;
import io.crmsync.config.connection.ConnectionRegistry;
import io.crmsync.config.connection.ConnectionRequest;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.config.integration.point.PointStore;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Duplicates integrations (with copies of their points) and connections (with copies of all their integrations).
 * Copies are inactive at version 1 and share nothing with their originals but values; a connection copy is made
 * in one transaction, so it appears whole or not at all.
 */
@ApplicationScoped
public class IntegrationCopier {

    private static final Logger LOG = Logger.getLogger(IntegrationCopier.class);
    private static final int MAX_NAME = 200;

    private final IntegrationCatalog catalog;
    private final ConnectionRegistry connections;
    private final PointStore points;
    private final Clock clock;

    IntegrationCopier(IntegrationCatalog catalog, ConnectionRegistry connections, PointStore points, Clock clock) {
        this.catalog = catalog;
        this.connections = connections;
        this.points = points;
        this.clock = clock;
    }

    @Transactional
    public IntegrationDefinition duplicateIntegration(UUID id, String name) {
        IntegrationEntity original = catalog.get(id);
        IntegrationEntity copy = copy(original, name, original.connectionId, "name");
        LOG.infof("integration duplicated integration_id=%s from_integration_id=%s", copy.id, id);
        return catalog.definitionOf(copy);
    }

    /** The new connection and its integrations, each named {@code <integration name> (<connection name>)}. */
    @Transactional
    public ConnectionCopy duplicateConnection(UUID id, String name, UUID remoteEndpointId) {
        ConnectionEntity original = connections.get(id);
        ConnectionEntity connection = connections.create(
                new ConnectionRequest(name, original.homeEndpointId, remoteEndpointId));
        List<IntegrationEntity> copies = new ArrayList<>();
        for (IntegrationEntity integration : IntegrationEntity.<IntegrationEntity> list("connectionId",
                Sort.by("name"), id)) {
            copies.add(copy(integration, integration.name + " (" + name + ")", connection.id, "name"));
        }
        LOG.infof("connection duplicated connection_id=%s from_connection_id=%s integrations=%d", connection.id, id,
                copies.size());
        return new ConnectionCopy(connection, copies);
    }

    /** The new connection and the integrations copied onto it. */
    public record ConnectionCopy(ConnectionEntity connection, List<IntegrationEntity> integrations) {
    }

    private IntegrationEntity copy(IntegrationEntity from, String name, UUID connectionId, String field) {
        if (name.length() > MAX_NAME) {
            throw CrmsyncException.invalidField(field, "makes the copy of '" + from.name + "' longer than "
                    + MAX_NAME + " characters; choose a shorter name");
        }
        if (IntegrationEntity.count("name", name) > 0) {
            throw new CrmsyncException(IntegrationErrors.NAME_TAKEN,
                    "an integration named '" + name + "' already exists", field, null);
        }
        IntegrationEntity copy = new IntegrationEntity();
        copy.id = UUID.randomUUID();
        copy.name = name;
        copy.description = from.description;
        copy.connectionId = connectionId;
        copy.active = false;
        copy.allowNewRecords = from.allowNewRecords;
        copy.updateExisting = from.updateExisting;
        copy.failureThreshold = from.failureThreshold;
        copy.conflictPolicy = from.conflictPolicy;
        copy.accountAllowList = List.copyOf(from.accountAllowList);
        copy.accountDenyList = List.copyOf(from.accountDenyList);
        copy.notificationRecipients = List.copyOf(from.notificationRecipients);
        copy.schedule = from.schedule;
        copy.fullSyncSchedule = from.fullSyncSchedule;
        copy.syncImmediately = from.syncImmediately;
        copy.startTime = from.startTime;
        copy.version = 1;
        copy.createTime = clock.instant();
        copy.updateTime = copy.createTime;
        copy.persist();
        for (PointEntity point : points.listFor(from.id)) {
            points.copy(point, copy.id);
        }
        return copy;
    }
}
