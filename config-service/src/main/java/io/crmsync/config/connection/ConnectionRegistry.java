package io.crmsync.config.connection;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.api.IfMatch;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.config.endpoint.EndpointRegistry;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Keeps connections: named (home, remote) endpoint pairs that group integrations. */
@ApplicationScoped
public class ConnectionRegistry {

    private static final Logger LOG = Logger.getLogger(ConnectionRegistry.class);

    private final EndpointRegistry endpoints;
    private final EntityManager em;
    private final Clock clock;

    ConnectionRegistry(EndpointRegistry endpoints, EntityManager em, Clock clock) {
        this.endpoints = endpoints;
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public ConnectionEntity create(ConnectionRequest request) {
        requireEndpoint("homeEndpointId", request.homeEndpointId());
        requireEndpoint("remoteEndpointId", request.remoteEndpointId());
        if (request.homeEndpointId().equals(request.remoteEndpointId())) {
            throw CrmsyncException.invalidField("remoteEndpointId", "must differ from homeEndpointId");
        }
        if (ConnectionEntity.count("name", request.name()) > 0) {
            throw new CrmsyncException(ConnectionErrors.NAME_TAKEN,
                    "a connection named '" + request.name() + "' already exists", "name", null);
        }
        ConnectionEntity connection = new ConnectionEntity();
        connection.id = UUID.randomUUID();
        connection.name = request.name();
        connection.homeEndpointId = request.homeEndpointId();
        connection.remoteEndpointId = request.remoteEndpointId();
        connection.version = 1;
        connection.createTime = clock.instant();
        connection.updateTime = connection.createTime;
        connection.persist();
        LOG.infof("connection created connection_id=%s home_endpoint_id=%s remote_endpoint_id=%s", connection.id,
                connection.homeEndpointId, connection.remoteEndpointId);
        return connection;
    }

    @Transactional
    public ConnectionEntity get(UUID id) {
        return find(id).orElseThrow(
                () -> new CrmsyncException(ConnectionErrors.NOT_FOUND, "connection " + id + " not found"));
    }

    public Optional<ConnectionEntity> find(UUID id) {
        return ConnectionEntity.findByIdOptional(id);
    }

    @Transactional
    public List<ConnectionEntity> list(PageRequest page) {
        return ConnectionEntity.<ConnectionEntity> findAll(Sort.by("name"))
                .range(page.offset(), page.offset() + page.size() - 1).list();
    }

    @Transactional
    public void delete(UUID id, Long expectedVersion) {
        ConnectionEntity connection = ConnectionEntity.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (connection == null) {
            throw new CrmsyncException(ConnectionErrors.NOT_FOUND, "connection " + id + " not found");
        }
        IfMatch.require(expectedVersion, connection.version, "connection " + id);
        // Integrations live in another package; asking the table keeps the packages free of cycles.
        Number users = (Number) em.createNativeQuery("SELECT count(*) FROM integrations WHERE connection_id = ?1")
                .setParameter(1, id).getSingleResult();
        if (users.longValue() > 0) {
            throw new CrmsyncException(ConnectionErrors.IN_USE,
                    "connection " + id + " is used by " + users + " integration(s); delete them first");
        }
        connection.delete();
        LOG.infof("connection deleted connection_id=%s", id);
    }

    private void requireEndpoint(String field, UUID id) {
        if (!endpoints.exists(id)) {
            throw CrmsyncException.invalidField(field, "endpoint " + id + " does not exist");
        }
    }
}
