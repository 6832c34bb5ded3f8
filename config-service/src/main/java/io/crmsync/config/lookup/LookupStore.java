package io.crmsync.config.lookup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.paging.PageRequest;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.hibernate.Session;
import org.jboss.logging.Logger;

/** Keeps reference lookups and their entries. */
@ApplicationScoped
public class LookupStore {

    static final ErrorCode NOT_FOUND = ErrorCode.notFound("config.lookup_not_found");
    static final ErrorCode NAME_TAKEN = ErrorCode.conflict("config.lookup_name_taken");
    private static final Logger LOG = Logger.getLogger(LookupStore.class);

    private final EntityManager em;
    private final Clock clock;

    LookupStore(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    @Transactional
    public LookupEntity create(LookupRequest request) {
        if (LookupEntity.count("name", request.name()) > 0) {
            throw new CrmsyncException(NAME_TAKEN, "a lookup named '" + request.name() + "' already exists");
        }
        LookupEntity lookup = new LookupEntity();
        lookup.id = UUID.randomUUID();
        lookup.name = request.name();
        lookup.description = request.description();
        lookup.version = 1;
        lookup.createTime = clock.instant();
        lookup.updateTime = lookup.createTime;
        lookup.persist();
        LOG.infof("lookup created lookup_id=%s", lookup.id);
        return lookup;
    }

    @Transactional
    public LookupEntity get(UUID id) {
        LookupEntity lookup = LookupEntity.findById(id);
        if (lookup == null) {
            throw new CrmsyncException(NOT_FOUND, "lookup " + id + " not found");
        }
        return lookup;
    }

    @Transactional
    public LookupEntity byName(String name) {
        return findByName(name).orElseThrow(() -> new CrmsyncException(NOT_FOUND, "lookup '" + name + "' not found"));
    }

    @Transactional
    public Optional<LookupEntity> findByName(String name) {
        return LookupEntity.<LookupEntity> find("name", name).firstResultOptional();
    }

    @Transactional
    public List<LookupEntity> list(PageRequest page) {
        return LookupEntity.<LookupEntity> findAll(Sort.by("name")).range(page.offset(), page.offset() + page.size() - 1)
                .list();
    }

    @Transactional
    public void delete(UUID id) {
        em.remove(get(id));
        LOG.infof("lookup deleted lookup_id=%s", id);
    }

    /** Replaces every entry at once: readers see the old table or the new one, never a mix. */
    @Transactional
    public LookupEntity replaceEntries(UUID id, List<LookupCsv.Entry> entries) {
        LookupEntity lookup = em.find(LookupEntity.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (lookup == null) {
            throw new CrmsyncException(NOT_FOUND, "lookup " + id + " not found");
        }
        em.createNativeQuery("DELETE FROM reference_lookup_entries WHERE lookup_id = ?1").setParameter(1, id)
                .executeUpdate();
        em.unwrap(Session.class).doWork(connection -> insertEntries(connection, id, entries));
        lookup.entryCount = entries.size();
        lookup.version++;
        lookup.updateTime = clock.instant();
        LOG.infof("lookup entries replaced lookup_id=%s entries=%d version=%d", id, entries.size(), lookup.version);
        return lookup;
    }

    /** One JDBC batch: a 100,000-entry file is one round trip per thousand rows, not one per row. */
    private static void insertEntries(Connection connection, UUID id, List<LookupCsv.Entry> entries)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO reference_lookup_entries (lookup_id, seq, source_value, target_value)
                VALUES (?, ?, ?, ?)""")) {
            for (int seq = 0; seq < entries.size(); seq++) {
                insert.setObject(1, id);
                insert.setInt(2, seq);
                insert.setString(3, entries.get(seq).source());
                insert.setString(4, entries.get(seq).target());
                insert.addBatch();
                if (seq % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Entries in upload order; a null page means all of them. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<LookupCsv.Entry> entries(UUID id, PageRequest page) {
        get(id);
        var query = em.createNativeQuery("""
                SELECT source_value, target_value FROM reference_lookup_entries WHERE lookup_id = ?1 ORDER BY seq""")
                .setParameter(1, id);
        if (page != null) {
            query.setFirstResult(page.offset()).setMaxResults(page.size());
        }
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(r -> new LookupCsv.Entry((String) r[0], (String) r[1])).toList();
    }
}
