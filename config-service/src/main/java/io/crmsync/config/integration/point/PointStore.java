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
        return replace(point, "", request);
    }

    /** As {@link #replace(PointEntity, PointRequest)}; {@code prefix} is how the request names it. */
    public PointEntity replace(PointEntity point, String prefix, PointRequest request) {
        PointRules.check(prefix, request);
        filters.check(point.integrationId, prefix, request);
        if (!point.name.equals(request.name())) {
            requireFreeName(point.integrationId, prefix, request.name());
        }
        fill(point, request);
        return point;
    }

    /** A copy of {@code from} in another integration, at the same position, with a new id. */
    public PointEntity copy(PointEntity from, UUID integrationId) {
        PointEntity point = new PointEntity();
        point.id = UUID.randomUUID();
        point.integrationId = integrationId;
        point.ordinal = from.ordinal;
        point.name = from.name;
        point.direction = from.direction;
        point.sourceObject = from.sourceObject;
        point.targetObject = from.targetObject;
        point.operation = from.operation;
        point.matchKey = List.copyOf(from.matchKey);
        point.cursorField = from.cursorField;
        point.fieldRules = List.copyOf(from.fieldRules);
        point.filter = from.filter;
        point.sourceFields = List.copyOf(from.sourceFields);
        point.orderBy = List.copyOf(from.orderBy);
        point.recordIds = from.recordIds == null ? null : List.copyOf(from.recordIds);
        point.accountField = from.accountField;
        point.sensitiveFields = List.copyOf(from.sensitiveFields);
        point.createTime = clock.instant();
        point.updateTime = point.createTime;
        point.persist();
        return point;
    }

    /** The stored point as the request that would declare it, with defaults spelled out. */
    public static PointRequest asRequest(PointEntity p) {
        return normalized(new PointRequest(p.name, p.direction, p.sourceObject, p.targetObject, p.operation,
                p.matchKey, p.cursorField, PointMapper.toJson(p.fieldRules), p.filter, p.sourceFields, p.orderBy,
                p.recordIds, p.accountField, p.sensitiveFields));
    }

    /** The request with every default spelled out, so that equal meanings compare equal. */
    public static PointRequest normalized(PointRequest r) {
        return new PointRequest(r.name(), r.direction(), r.sourceObject(), r.targetObject(), r.operation(),
                r.matchKey() == null ? List.of() : r.matchKey(), r.cursorField(),
                r.fieldRules() == null ? List.of() : r.fieldRules(),
                r.filter() == null || r.filter().isBlank() ? null : r.filter(),
                r.sourceFields() == null ? List.of() : r.sourceFields(),
                r.orderBy() == null ? List.of() : r.orderBy().stream().map(SortOrder::normalized).toList(),
                r.recordIds() == null || r.recordIds().isEmpty() ? null : r.recordIds(), r.accountField(),
                r.sensitiveFields() == null ? List.of() : r.sensitiveFields());
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
        point.sourceFields = request.sourceFields() == null ? List.of() : List.copyOf(request.sourceFields());
        point.orderBy = request.orderBy() == null ? List.of()
                : request.orderBy().stream().map(SortOrder::normalized).toList();
        point.recordIds = request.recordIds() == null || request.recordIds().isEmpty() ? null
                : List.copyOf(request.recordIds());
        point.accountField = request.accountField();
        point.sensitiveFields = request.sensitiveFields() == null ? List.of() : List.copyOf(request.sensitiveFields());
        point.updateTime = clock.instant();
    }

    private static void requireFreeName(UUID integrationId, String prefix, String name) {
        if (PointEntity.count("integrationId = ?1 and name = ?2", integrationId, name) > 0) {
            throw new CrmsyncException(PointErrors.NAME_TAKEN,
                    "the integration already has a point named '" + name + "'", prefix + "name", null);
        }
    }
}
