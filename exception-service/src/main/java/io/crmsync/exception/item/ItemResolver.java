package io.crmsync.exception.item;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.crmsync.common.paging.PageRequest;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.db.PointLock;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.message.Validation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Resolves the items of records a run has now written, and lists the keys a worker should look out for. */
@ApplicationScoped
public class ItemResolver {

    private static final Logger LOG = Logger.getLogger(ItemResolver.class);

    private final Jdbc jdbc;
    private final PointLock pointLock;
    private final Messages messages;
    private final Clock clock;

    ItemResolver(Jdbc jdbc, PointLock pointLock, Messages messages, Clock clock) {
        this.jdbc = jdbc;
        this.pointLock = pointLock;
        this.messages = messages;
        this.clock = clock;
    }

    /** Unresolved items (OPEN, RETRYING, IGNORED) of these keys become RESOLVED; their messages follow. */
    @Transactional
    public int resolve(String pointId, String runId, List<String> recordKeys) {
        Validation.require("integration_point_id", pointId);
        Validation.require("run_id", runId);
        Set<String> keys = new HashSet<>(recordKeys);
        keys.remove("");
        if (keys.isEmpty()) {
            return 0;
        }
        pointLock.lock(pointId);
        List<UUID> touched = jdbc.list("SELECT DISTINCT message_id FROM exception_items WHERE integration_point_id = ?"
                + " AND record_key = ANY(?) AND state <> 'RESOLVED' AND record_key <> ''",
                rs -> Jdbc.uuid(rs, "message_id"), pointId, Jdbc.texts(keys));
        if (touched.isEmpty()) {
            return 0;
        }
        messages.lockAll(touched);
        Instant now = clock.instant();
        int resolved = jdbc.update("""
                UPDATE exception_items SET state = 'RESOLVED', resolve_time = ?, resolve_run_id = ?
                WHERE integration_point_id = ? AND record_key = ANY(?) AND state <> 'RESOLVED' AND record_key <> ''""",
                now, runId, pointId, Jdbc.texts(keys));
        messages.settle(touched, now);
        LOG.infof("items resolved integration_point_id=%s run_id=%s count=%d", pointId, runId, resolved);
        return resolved;
    }

    /** Record keys of the point's unresolved items, in key order. */
    public List<String> openKeys(String pointId, PageRequest page) {
        Validation.require("integration_point_id", pointId);
        return jdbc.list("""
                SELECT record_key FROM exception_items
                WHERE integration_point_id = ? AND state <> 'RESOLVED' AND record_key <> ''
                ORDER BY record_key OFFSET ? LIMIT ?""", rs -> rs.getString(1), pointId, page.offset(), page.size());
    }
}
