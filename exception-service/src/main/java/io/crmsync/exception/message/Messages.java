package io.crmsync.exception.message;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.exception.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads, locks and settles exception messages. */
@ApplicationScoped
public class Messages {

    private static final String SELECT = "SELECT " + MessageRow.COLUMNS + " FROM exception_messages ";

    private final Jdbc jdbc;

    Messages(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<MessageRow> find(UUID id) {
        return jdbc.one(SELECT + "WHERE id = ?", MessageRow::read, id);
    }

    /** The message of a request field, or NOT_FOUND. */
    public MessageRow get(String field, String id) {
        UUID messageId = Ids.parse(field, id);
        return find(messageId).orElseThrow(() -> notFound(id));
    }

    /** Locks the message row for the rest of the transaction. */
    public MessageRow lock(UUID id) {
        return jdbc.one(SELECT + "WHERE id = ? FOR UPDATE", MessageRow::read, id).orElseThrow(
                () -> notFound(id.toString()));
    }

    public List<MessageRow> lockAll(Collection<UUID> ids) {
        return jdbc.list(SELECT + "WHERE id = ANY(?) ORDER BY id FOR UPDATE", MessageRow::read, Jdbc.uuids(ids));
    }

    /** The point's one OPEN or RETRYING reject message of {@code side} (SOURCE or TARGET), locked. */
    public Optional<MessageRow> lockActiveRejects(String integrationPointId, String side) {
        return jdbc.one(SELECT + "WHERE integration_point_id = ? AND side = ? AND kind = 'RECORD_REJECTS'"
                + " AND state IN ('OPEN', 'RETRYING') FOR UPDATE", MessageRow::read, integrationPointId, side);
    }

    public void setState(UUID id, String state, Instant now) {
        jdbc.update("UPDATE exception_messages SET state = ?, state_time = ? WHERE id = ? AND state <> ?", state, now,
                id, state);
    }

    /**
     * Recounts the items of these (locked) messages and brings the state of reject messages in line with them: with
     * OPEN or RETRYING items left it stays OPEN or RETRYING (an IGNORED one becomes OPEN); otherwise IGNORED when
     * ignored items remain, else RESOLVED.
     *
     * @return the state of each message afterwards
     */
    public Map<UUID, String> settle(Collection<UUID> ids, Instant now) {
        Map<UUID, String> states = new HashMap<>();
        if (ids.isEmpty()) {
            return states;
        }
        jdbc.list("""
                UPDATE exception_messages m
                SET item_count = c.items, open_item_count = c.open, state = c.state,
                    state_time = CASE WHEN c.state <> m.state THEN ? ELSE m.state_time END
                FROM (SELECT x.id,
                             (SELECT count(*) FROM exception_items i WHERE i.message_id = x.id) AS items,
                             (SELECT count(*) FROM exception_items i
                              WHERE i.message_id = x.id AND i.state IN ('OPEN', 'RETRYING')) AS open,
                             CASE WHEN x.kind <> 'RECORD_REJECTS' THEN x.state
                                  WHEN EXISTS (SELECT 1 FROM exception_items i
                                               WHERE i.message_id = x.id AND i.state IN ('OPEN', 'RETRYING'))
                                      THEN CASE WHEN x.state IN ('OPEN', 'RETRYING') THEN x.state ELSE 'OPEN' END
                                  WHEN EXISTS (SELECT 1 FROM exception_items i
                                               WHERE i.message_id = x.id AND i.state = 'IGNORED') THEN 'IGNORED'
                                  ELSE 'RESOLVED' END AS state
                      FROM exception_messages x WHERE x.id = ANY(?)) c
                WHERE m.id = c.id
                RETURNING m.id, m.state""", rs -> states.put(Jdbc.uuid(rs, "id"), rs.getString("state")), now,
                Jdbc.uuids(ids));
        return states;
    }

    private static CrmsyncException notFound(String id) {
        return new CrmsyncException(ExceptionErrors.MESSAGE_NOT_FOUND, "exception message " + id + " not found");
    }
}
