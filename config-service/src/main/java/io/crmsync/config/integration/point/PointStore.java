package io.crmsync.config.integration.point;

import java.time.Clock;
import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * Reads and writes the points of one integration. Writers must hold the integration's lock (see
 * {@code IntegrationCatalog#lockForChange}) and bump its version; this class knows nothing of versions.
 */
@ApplicationScoped
public class PointStore {

    private final EntityManager em;
    private final Clock clock;
    private final PointFilter filters;

    PointStore(EntityManager em, Clock clock, PointFilter filters) {
        this.em = em;
        this.clock = clock;
        this.filters = filters;
    }

    public List<PointEntity> listFor(UUID integrationId) {
        return PointEntity.list("integrationId", Sort.by("ordinal"), integrationId);
    }

    public long countFor(UUID integrationId) {
        return PointEntity.count("integrationId", integrationId);
    }

    public PointEntity get(UUID integrationId, UUID pointId) {
        return PointEntity.<PointEntity> find("id = ?1 and integrationId = ?2", pointId, integrationId)
                .firstResultOptional()
                .orElseThrow(() -> new CrmsyncException(PointErrors.NOT_FOUND,
                        "integration point " + pointId + " not found in integration " + integrationId));
    }

    /** Appends a point; {@code prefix} is how the request names it, e.g. {@code points[2].}. */
    public PointEntity add(UUID integrationId, String prefix, PointRequest request) {
        PointRules.check(prefix, request);
        filters.check(integrationId, prefix, request);
        requireFreeName(integrationId, prefix, request.name());
        Integer last = em
                .createQuery("select max(p.ordinal) from PointEntity p where p.integrationId = :id", Integer.class)
                .setParameter("id", integrationId).getSingleResult();
        PointEntity point = new PointEntity();
        point.id = UUID.randomUUID();
        point.integrationId = integrationId;
        point.ordinal = last == null ? 1 : last + 1;
        point.createTime = clock.instant();
        fill(point, request);
        point.persist();
        return point;
    }

    /** Replaces everything but the point's id and position. */
    public PointEntity replace(PointEntity point, PointRequest request) {
        PointRules.check("", request);
        filters.check(point.integrationId, "", request);
        if (!point.name.equals(request.name())) {
            requireFreeName(point.integrationId, "", request.name());
        }
        fill(point, request);
        return point;
    }

    /** Checks the stored filters of an integration's points against the source ends of a new connection. */
    public void recheckFilters(UUID integrationId, UUID connectionId) {
        filters.recheck(listFor(integrationId), connectionId);
    }

    public void remove(PointEntity point) {
        point.delete();
    }

    private void fill(PointEntity point, PointRequest request) {
        point.name = request.name();
        point.direction = request.direction();
        point.sourceObject = request.sourceObject();
        point.targetObject = request.targetObject();
        point.operation = request.operation();
        point.matchKey = request.matchKey() == null ? List.of() : List.copyOf(request.matchKey());
        point.cursorField = request.cursorField();
        point.fieldRules = PointMapper.toStored(request.fieldRules());
        point.filter = request.filter() == null || request.filter().isBlank() ? null : request.filter();
        point.updateTime = clock.instant();
    }

    private static void requireFreeName(UUID integrationId, String prefix, String name) {
        if (PointEntity.count("integrationId = ?1 and name = ?2", integrationId, name) > 0) {
            throw new CrmsyncException(PointErrors.NAME_TAKEN,
                    "the integration already has a point named '" + name + "'", prefix + "name", null);
        }
    }
}
