package io.crmsync.config.endpoint;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.api.IfMatch;
import io.crmsync.common.paging.PageRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Keeps the endpoints: their names, types and non-secret settings. */
@ApplicationScoped
public class EndpointRegistry {

    private static final Logger LOG = Logger.getLogger(EndpointRegistry.class);

    private final EntityManager em;
    private final Clock clock;
    @Inject
    EndpointHostGuard hosts;

    EndpointRegistry(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public EndpointEntity create(EndpointRequest request) {
        if (request.type() == null) {
            throw CrmsyncException.invalidField("type", "is required");
        }
        Map<String, String> settings = EndpointSettings.validated(request.type(), request.settings());
        hosts.check(settings);
        requireFreeName(request.name());
        EndpointEntity endpoint = new EndpointEntity();
        endpoint.id = UUID.randomUUID();
        endpoint.name = request.name();
        endpoint.type = request.type();
        endpoint.settings = settings;
        endpoint.version = 1;
        endpoint.createTime = clock.instant();
        endpoint.updateTime = endpoint.createTime;
        endpoint.persist();
        LOG.infof("endpoint created endpoint_id=%s type=%s", endpoint.id, endpoint.type);
        return endpoint;
    }

    @Transactional
    public EndpointEntity get(UUID id) {
        EndpointEntity endpoint = EndpointEntity.findById(id);
        if (endpoint == null) {
            throw notFound(id);
        }
        return endpoint;
    }

    /** The endpoint, locked until the caller's transaction ends, so its version moves one step at a time. */
    public EndpointEntity getForUpdate(UUID id) {
        EndpointEntity endpoint = EndpointEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (endpoint == null) {
            throw notFound(id);
        }
        return endpoint;
    }

    public boolean exists(UUID id) {
        return EndpointEntity.count("id", id) > 0;
    }

    @Transactional
    public List<EndpointEntity> list(PageRequest page) {
        return EndpointEntity.<EndpointEntity> findAll(Sort.by("name"))
                .range(page.offset(), page.offset() + page.size() - 1).list();
    }

    @Transactional
    public EndpointEntity update(UUID id, Long expectedVersion, EndpointRequest request) {
        EndpointEntity endpoint = getForUpdate(id);
        IfMatch.require(expectedVersion, endpoint.version, "endpoint " + id);
        if (request.type() != null && request.type() != endpoint.type) {
            throw CrmsyncException.invalidField("type", "cannot change; create a new endpoint instead");
        }
        Map<String, String> settings = EndpointSettings.validated(endpoint.type, request.settings());
        hosts.check(settings);
        if (!endpoint.name.equals(request.name())) {
            requireFreeName(request.name());
        }
        endpoint.name = request.name();
        endpoint.settings = settings;
        touch(endpoint);
        LOG.infof("endpoint updated endpoint_id=%s version=%d", endpoint.id, endpoint.version);
        return endpoint;
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion) {
        EndpointEntity endpoint = getForUpdate(id);
        IfMatch.require(expectedVersion, endpoint.version, "endpoint " + id);
        // Connections live in another package; asking the table keeps the packages free of cycles.
        Number users = (Number) em.createNativeQuery(
                "SELECT count(*) FROM connections WHERE home_endpoint_id = ?1 OR remote_endpoint_id = ?1")
                .setParameter(1, id).getSingleResult();
        if (users.longValue() > 0) {
            throw new CrmsyncException(EndpointErrors.IN_USE,
                    "endpoint " + id + " is used by " + users + " connection(s); delete them first");
        }
        endpoint.delete();
        LOG.infof("endpoint deleted endpoint_id=%s", id);
    }

    /** Records a change made to the endpoint or its credential: a new version and update time. */
    public void touch(EndpointEntity endpoint) {
        endpoint.version++;
        endpoint.updateTime = clock.instant();
    }

    private static void requireFreeName(String name) {
        if (EndpointEntity.count("name", name) > 0) {
            throw new CrmsyncException(EndpointErrors.NAME_TAKEN, "an endpoint named '" + name + "' already exists",
                    "name", null);
        }
    }

    private static CrmsyncException notFound(UUID id) {
        return new CrmsyncException(EndpointErrors.NOT_FOUND, "endpoint " + id + " not found");
    }
}
