package io.crmsync.config.integration;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.config.api.IfMatch;
import io.crmsync.config.connection.ConnectionEntity;
import io.crmsync.config.connection.ConnectionRegistry;
import io.crmsync.config.integration.point.ConnectionEnds;
import io.crmsync.config.integration.point.PointRequest;
import io.crmsync.config.integration.point.PointStore;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Keeps integrations and hands out their definitions. Every change locks the integration row first, so
 * concurrent changes never share a version number.
 */
@ApplicationScoped
public class IntegrationCatalog {

    private static final Logger LOG = Logger.getLogger(IntegrationCatalog.class);

    private final ConnectionRegistry connections;
    private final PointStore points;
    private final Clock clock;
    private final Event<IntegrationChanged> changed;

    IntegrationCatalog(ConnectionRegistry connections, PointStore points, Clock clock,
            Event<IntegrationChanged> changed) {
        this.connections = connections;
        this.points = points;
        this.clock = clock;
        this.changed = changed;
    }

    /** Creates an inactive integration at version 1, with the request's points in order. */
    @Transactional
    public IntegrationDefinition create(IntegrationRequest request) {
        requireFreeName(request.name());
        IntegrationEntity integration = new IntegrationEntity();
        integration.id = UUID.randomUUID();
        integration.active = false;
        integration.version = 1;
        integration.createTime = clock.instant();
        apply(integration, request);
        List<PointRequest> requested = request.points() == null ? List.of() : request.points();
        IntegrationSettings.requireAccountFields(integration, requested);
        integration.persist();
        for (int i = 0; i < requested.size(); i++) {
            points.add(integration.id, "points[" + i + "].", requested.get(i));
        }
        LOG.infof("integration created integration_id=%s connection_id=%s points=%d", integration.id,
                integration.connectionId, requested.size());
        changed.fire(new IntegrationChanged(integration.id));
        return definitionOf(integration);
    }

    @Transactional
    public IntegrationDefinition definition(UUID id) {
        return definitionOf(get(id));
    }

    @Transactional
    public IntegrationEntity get(UUID id) {
        return IntegrationEntity.<IntegrationEntity> findByIdOptional(id).orElseThrow(() -> notFound(id));
    }

    /** Integrations by name, optionally only those of one connection. */
    @Transactional
    public List<IntegrationEntity> list(UUID connectionId, PageRequest page) {
        var query = connectionId == null ? IntegrationEntity.<IntegrationEntity> findAll(Sort.by("name"))
                : IntegrationEntity.<IntegrationEntity> find("connectionId", Sort.by("name"), connectionId);
        return query.range(page.offset(), page.offset() + page.size() - 1).list();
    }

    /** Every integration with its points, oldest first: a stable order to page through. */
    @Transactional
    public List<IntegrationDefinition> definitionsInCreationOrder(PageRequest page) {
        return IntegrationEntity.<IntegrationEntity> findAll(Sort.by("createTime").and("id"))
                .range(page.offset(), page.offset() + page.size() - 1).list().stream().map(this::definitionOf)
                .toList();
    }

    /** Replaces the settings (not the points) and moves the version on. */
    @Transactional
    public IntegrationDefinition update(UUID id, Long expectedVersion, IntegrationRequest request) {
        IntegrationEntity integration = lockForChange(id, expectedVersion);
        if (!integration.name.equals(request.name())) {
            requireFreeName(request.name());
        }
        UUID connectionBefore = integration.connectionId;
        apply(integration, request);
        if (!connectionBefore.equals(integration.connectionId)) {
            points.recheckFilters(id, integration.connectionId); // the points' sources moved with the connection
        }
        IntegrationSettings.requireAccountFieldsOn(integration, points.listFor(id));
        bump(integration);
        LOG.infof("integration updated integration_id=%s version=%d", id, integration.version);
        return definitionOf(integration);
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion) {
        lockForChange(id, expectedVersion).delete();
        LOG.infof("integration deleted integration_id=%s", id);
        changed.fire(new IntegrationChanged(id));
    }

    /** The integration, locked, and still at {@code expectedVersion} when one is given (If-Match). */
    IntegrationEntity lockForChange(UUID id, Long expectedVersion) {
        IntegrationEntity integration = lockForChange(id);
        IfMatch.require(expectedVersion, integration.version, "integration " + id);
        return integration;
    }

    /** The integration, locked until the caller's transaction ends. */
    IntegrationEntity lockForChange(UUID id) {
        IntegrationEntity integration = IntegrationEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (integration == null) {
            throw notFound(id);
        }
        return integration;
    }

    /** Every change of an integration or its points comes here: a new version, announced to the scheduler. */
    void bump(IntegrationEntity integration) {
        integration.version++;
        integration.updateTime = clock.instant();
        changed.fire(new IntegrationChanged(integration.id));
    }

    IntegrationDefinition definitionOf(IntegrationEntity integration) {
        return new IntegrationDefinition(integration, endsOf(integration.connectionId), points.listFor(integration.id));
    }

    ConnectionEnds endsOf(UUID connectionId) {
        ConnectionEntity connection = connections.get(connectionId);
        return new ConnectionEnds(connection.homeEndpointId, connection.remoteEndpointId);
    }

    private void apply(IntegrationEntity integration, IntegrationRequest request) {
        if (connections.find(request.connectionId()).isEmpty()) {
            throw CrmsyncException.invalidField("connectionId",
                    "connection " + request.connectionId() + " does not exist");
        }
        integration.name = request.name();
        integration.description = request.description() == null ? "" : request.description();
        integration.connectionId = request.connectionId();
        integration.allowNewRecords = request.allowNewRecords() == null || request.allowNewRecords();
        integration.updateExisting = request.updateExisting() == null || request.updateExisting();
        integration.failureThreshold = request.failureThreshold() == null
                ? IntegrationRequest.DEFAULT_FAILURE_THRESHOLD : request.failureThreshold();
        IntegrationSettings.apply(integration, request);
        integration.updateTime = clock.instant();
    }

    private static void requireFreeName(String name) {
        if (IntegrationEntity.count("name", name) > 0) {
            throw new CrmsyncException(IntegrationErrors.NAME_TAKEN,
                    "an integration named '" + name + "' already exists", "name", null);
        }
    }

    private static CrmsyncException notFound(UUID id) {
        return new CrmsyncException(IntegrationErrors.NOT_FOUND, "integration " + id + " not found");
    }
}
