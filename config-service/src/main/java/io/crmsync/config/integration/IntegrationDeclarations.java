package io.crmsync.config.integration;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.config.integration.point.PointRequest;
import io.crmsync.config.integration.point.PointStore;
import io.crmsync.config.integration.settings.ConflictPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Configuration as code: makes the integration of a name look like a declaration (settings and points), creating
 * it when missing. A declaration equal to what is stored changes nothing, not even the version; otherwise the
 * settings are replaced and the points matched by name (kept ids), added, removed and reordered, with one version
 * step for the whole change.
 */
@ApplicationScoped
public class IntegrationDeclarations {

    private static final Logger LOG = Logger.getLogger(IntegrationDeclarations.class);

    /** What a declaration did. */
    public enum Outcome { CREATED, REPLACED, UNCHANGED }

    /** The integration after the declaration, and what was done. */
    public record Declared(IntegrationDefinition definition, Outcome outcome) {
    }

    private final IntegrationCatalog catalog;
    private final PointStore points;
    private final EntityManager em;

    IntegrationDeclarations(IntegrationCatalog catalog, PointStore points, EntityManager em) {
        this.catalog = catalog;
        this.points = points;
        this.em = em;
    }

    @Transactional
    public Declared declare(String name, Long expectedVersion, IntegrationRequest desired) {
        if (!name.equals(desired.name())) {
            throw CrmsyncException.invalidField("name", "must equal the name in the path");
        }
        requireDistinctPointNames(desired.points());
        Optional<IntegrationEntity> found = IntegrationEntity.find("name", name).firstResultOptional();
        if (found.isEmpty()) {
            return new Declared(catalog.create(desired), Outcome.CREATED);
        }
        IntegrationEntity integration = catalog.lockForChange(found.get().id, expectedVersion);
        if (normalized(desired).equals(normalized(asRequest(integration, points.listFor(integration.id))))) {
            return new Declared(catalog.definitionOf(integration), Outcome.UNCHANGED);
        }
        replacePoints(integration, desired.points() == null ? List.of() : desired.points());
        IntegrationDefinition replaced = catalog.update(integration.id, null, desired);
        if (replaced.integration().active && replaced.points().isEmpty()) {
            throw new CrmsyncException(IntegrationErrors.INVALID,
                    "an active integration needs at least one point; deactivate it before declaring it without points");
        }
        LOG.infof("integration declared integration_id=%s version=%d", integration.id, replaced.integration().version);
        return new Declared(replaced, Outcome.REPLACED);
    }

    /** The stored integration as the request that would declare it. */
    public static IntegrationRequest asRequest(IntegrationEntity i, List<PointEntity> stored) {
        return new IntegrationRequest(i.name, i.description, i.connectionId, i.allowNewRecords, i.updateExisting,
                i.failureThreshold, stored.stream().map(PointStore::asRequest).toList(), i.conflictPolicy,
                i.accountAllowList, i.accountDenyList, i.notificationRecipients, i.schedule, i.fullSyncSchedule,
                i.syncImmediately, i.startTime);
    }

    /** The request with every default spelled out, so that equal meanings compare equal. */
    static IntegrationRequest normalized(IntegrationRequest r) {
        return new IntegrationRequest(r.name(), r.description() == null ? "" : r.description(), r.connectionId(),
                r.allowNewRecords() == null || r.allowNewRecords(), r.updateExisting() == null || r.updateExisting(),
                r.failureThreshold() == null ? IntegrationRequest.DEFAULT_FAILURE_THRESHOLD : r.failureThreshold(),
                orEmpty(r.points()).stream().map(PointStore::normalized).toList(),
                r.conflictPolicy() == null ? ConflictPolicy.SOURCE_WINS : r.conflictPolicy(),
                orEmpty(r.accountAllowList()), orEmpty(r.accountDenyList()), orEmpty(r.notificationRecipients()),
                r.schedule(), r.fullSyncSchedule(), Boolean.TRUE.equals(r.syncImmediately()),
                r.startTime() == null ? null : r.startTime().truncatedTo(ChronoUnit.MICROS));
    }

    /**
     * Points are matched by name. Existing ones first move to negative positions, so that the final positions
     * 1..n can be handed out in order without ever colliding with a position still taken (the unique constraint
     * on positions is checked per statement, hence the flushes).
     */
    private void replacePoints(IntegrationEntity integration, List<PointRequest> desired) {
        Map<String, PointEntity> existing = new HashMap<>();
        for (PointEntity point : points.listFor(integration.id)) {
            point.ordinal = -point.ordinal;
            existing.put(point.name, point);
        }
        em.flush();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < desired.size(); i++) {
            PointRequest wanted = desired.get(i);
            PointEntity current = existing.get(wanted.name());
            if (current == null) {
                points.add(integration.id, "points[" + i + "].", wanted).ordinal = i + 1;
            } else {
                points.replace(current, "points[" + i + "].", wanted);
                current.ordinal = i + 1;
                kept.add(wanted.name());
            }
            em.flush();
        }
        existing.values().stream().filter(p -> !kept.contains(p.name)).forEach(points::remove);
        em.flush();
    }

    private static void requireDistinctPointNames(List<PointRequest> desired) {
        List<String> seen = new ArrayList<>();
        for (int i = 0; i < orEmpty(desired).size(); i++) {
            if (seen.contains(desired.get(i).name())) {
                throw CrmsyncException.invalidField("points[" + i + "].name", "is listed twice");
            }
            seen.add(desired.get(i).name());
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
