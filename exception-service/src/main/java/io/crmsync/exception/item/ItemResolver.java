package io.crmsync.exception.item;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
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
        Validation.requireId("integration_point_id", pointId);
        Validation.requireId("run_id", runId);
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

    /** One page of keys and the token of the next one ("" after the last). */
    public record KeyPage(List<String> keys, String nextPageToken) {
    }

    /**
     * Record keys of the point's unresolved items, in key order, paged by key: the token is the last key returned
     * (base64url), so items resolved or added between pages never make a page skip a key.
     */
    public KeyPage openKeys(String pointId, String pageToken, int pageSize) {
        Validation.requireId("integration_point_id", pointId);
        int size = PageRequest.of("", pageSize, 10_000, 50_000).size();
        String after = decodeKey(pageToken);
        List<String> keys = jdbc.list("""
                SELECT record_key FROM exception_items
                WHERE integration_point_id = ? AND state <> 'RESOLVED' AND record_key <> '' AND record_key > ?
                ORDER BY record_key LIMIT ?""", rs -> rs.getString(1), pointId, after, size);
        String next = keys.size() < size ? "" : Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("k:" + keys.get(keys.size() - 1)).getBytes(StandardCharsets.UTF_8));
        return new KeyPage(keys, next);
    }

    private static String decodeKey(String token) {
        if (token.isEmpty()) {
            return "";
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (decoded.startsWith("k:")) {
                return decoded.substring(2);
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw CrmsyncException.invalidField("page_token", "is not a token this service issued");
    }
}
