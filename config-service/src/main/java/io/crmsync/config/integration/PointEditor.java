package io.crmsync.config.integration;

import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.config.integration.point.PointMapper;
import io.crmsync.config.integration.point.PointRequest;
import io.crmsync.config.integration.point.PointResponse;
import io.crmsync.config.integration.point.PointStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Changes the points of an integration under its lock; every change moves the integration's version on. */
@ApplicationScoped
public class PointEditor {

    private static final Logger LOG = Logger.getLogger(PointEditor.class);

    private final IntegrationCatalog catalog;
    private final PointStore points;

    PointEditor(IntegrationCatalog catalog, PointStore points) {
        this.catalog = catalog;
        this.points = points;
    }

    @Transactional
    public List<PointResponse> list(UUID integrationId) {
        IntegrationDefinition definition = catalog.definition(integrationId);
        return definition.points().stream().map(p -> PointMapper.toResponse(p, definition.ends())).toList();
    }

    @Transactional
    public PointResponse get(UUID integrationId, UUID pointId) {
        IntegrationEntity integration = catalog.get(integrationId);
        return PointMapper.toResponse(points.get(integrationId, pointId), catalog.endsOf(integration.connectionId));
    }

    @Transactional
    public PointResponse add(UUID integrationId, Long expectedVersion, PointRequest request) {
        IntegrationEntity integration = catalog.lockForChange(integrationId, expectedVersion);
        IntegrationSettings.requireAccountField(integration, request);
        PointEntity point = points.add(integrationId, "", request);
        catalog.bump(integration);
        LOG.infof("point added integration_id=%s point_id=%s version=%d", integrationId, point.id,
                integration.version);
        return PointMapper.toResponse(point, catalog.endsOf(integration.connectionId));
    }

    @Transactional
    public PointResponse replace(UUID integrationId, UUID pointId, Long expectedVersion, PointRequest request) {
        IntegrationEntity integration = catalog.lockForChange(integrationId, expectedVersion);
        IntegrationSettings.requireAccountField(integration, request);
        PointEntity point = points.replace(points.get(integrationId, pointId), request);
        catalog.bump(integration);
        LOG.infof("point replaced integration_id=%s point_id=%s version=%d", integrationId, pointId,
                integration.version);
        return PointMapper.toResponse(point, catalog.endsOf(integration.connectionId));
    }

    @Transactional
    public void remove(UUID integrationId, UUID pointId, Long expectedVersion) {
        IntegrationEntity integration = catalog.lockForChange(integrationId, expectedVersion);
        PointEntity point = points.get(integrationId, pointId);
        if (integration.active && points.countFor(integrationId) == 1) {
            throw new CrmsyncException(IntegrationErrors.INVALID,
                    "an active integration needs at least one point; deactivate it before removing its last point");
        }
        points.remove(point);
        catalog.bump(integration);
        LOG.infof("point removed integration_id=%s point_id=%s version=%d", integrationId, pointId,
                integration.version);
    }
}
