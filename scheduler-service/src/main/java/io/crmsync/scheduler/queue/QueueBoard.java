package io.crmsync.scheduler.queue;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * The queues (Veeva's inbound and outbound queues): the unfinished tasks of one connection in one direction.
 * Shown with their depth and the age of their oldest pending task; an operator may pause one, then none of its
 * pending tasks is leased (leased ones finish) until it is resumed.
 */
@ApplicationScoped
public class QueueBoard {

    private static final Logger LOG = Logger.getLogger(QueueBoard.class);

    private final EntityManager em;
    private final Clock clock;

    QueueBoard(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** One queue. */
    public record QueueView(String connectionId, String direction, int pending, int running, Instant oldestPending,
            boolean paused, Instant pausedTime) {
    }

    /** Queues with an unfinished task or paused, optionally of one connection; by connection, inbound first. */
    @Transactional
    public List<QueueView> list(String connectionId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                WITH busy AS (
                    SELECT t.connection_id, t.direction,
                           count(*) FILTER (WHERE t.state = 'PENDING') AS pending,
                           count(*) FILTER (WHERE t.state = 'LEASED') AS running,
                           min(t.create_time) FILTER (WHERE t.state = 'PENDING') AS oldest_pending
                    FROM tasks t JOIN runs r ON r.id = t.run_id
                    WHERE t.state IN ('PENDING', 'LEASED') AND r.state <> 'CANCELLED' AND t.connection_id IS NOT NULL
                    GROUP BY t.connection_id, t.direction)
                SELECT coalesce(b.connection_id, p.connection_id), coalesce(b.direction, p.direction),
                       coalesce(b.pending, 0), coalesce(b.running, 0), b.oldest_pending, p.paused_time
                FROM busy b FULL JOIN queue_pauses p
                  ON p.connection_id = b.connection_id AND p.direction = b.direction
                WHERE ?1 = '' OR coalesce(b.connection_id, p.connection_id) = ?1
                ORDER BY 1, 2""").setParameter(1, connectionId == null ? "" : connectionId).getResultList();
        return rows.stream().map(r -> new QueueView((String) r[0], (String) r[1], ((Number) r[2]).intValue(),
                ((Number) r[3]).intValue(), instant(r[4]), r[5] != null, instant(r[5]))).toList();
    }

    /** Pauses or resumes a queue; doing what is already done changes nothing. */
    @Transactional
    public QueueView setPaused(String connectionId, String direction, boolean paused) {
        if (connectionId == null || connectionId.isBlank()) {
            throw CrmsyncException.invalidField("connection_id", "is required");
        }
        if (paused) {
            em.createNativeQuery("""
                    INSERT INTO queue_pauses (connection_id, direction, paused_time) VALUES (?1, ?2, ?3)
                    ON CONFLICT (connection_id, direction) DO NOTHING""")
                    .setParameter(1, connectionId).setParameter(2, direction)
                    .setParameter(3, Timestamp.from(clock.instant().truncatedTo(ChronoUnit.MICROS))).executeUpdate();
        } else {
            em.createNativeQuery("DELETE FROM queue_pauses WHERE connection_id = ?1 AND direction = ?2")
                    .setParameter(1, connectionId).setParameter(2, direction).executeUpdate();
        }
        LOG.infof("queue %s connection_id=%s direction=%s", paused ? "paused" : "resumed", connectionId, direction);
        return list(connectionId).stream().filter(q -> q.direction().equals(direction)).findFirst()
                .orElse(new QueueView(connectionId, direction, 0, 0, null, false, null));
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
