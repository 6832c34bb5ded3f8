package io.crmsync.exception.retention;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import io.crmsync.exception.ExceptionsConfig;
import io.crmsync.exception.db.Jdbc;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Drops what is kept only for a while: payload snapshots past their expiry; RESOLVED messages (with their items and
 * item runs), RESOLVED items and item runs older than the resolved retention; reject batch ids and final
 * notification events older than a week.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    /** Workers resend a batch within minutes; a week is far beyond any retry. */
    static final Duration BATCH_RETENTION = Duration.ofDays(7);

    /** Notification events in a final state are kept this long (for "was it sent?" questions), then deleted. */
    static final Duration NOTIFICATION_RETENTION = Duration.ofDays(7);

    /** What one purge removed. */
    public record Purged(int payloads, int messages, int items, int itemRuns, int batches, int notifications) {
    }

    private final Jdbc jdbc;
    private final Clock clock;
    private final ExceptionsConfig config;

    RetentionPurge(Jdbc jdbc, Clock clock, ExceptionsConfig config) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(every = "${crmsync.exceptions.purge-every:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void onSchedule() {
        purge(clock.instant());
    }

    /** Purges as of {@code now}. */
    @Transactional
    public Purged purge(Instant now) {
        int payloads = jdbc.update("""
                UPDATE exception_items SET payload = NULL, payload_nonce = NULL, payload_key_id = NULL
                WHERE payload IS NOT NULL AND payload_expire_time <= ?""", now);
        Instant resolvedBefore = now.minus(config.resolvedRetention());
        int messages = jdbc.update("DELETE FROM exception_messages WHERE state = 'RESOLVED' AND state_time < ?",
                resolvedBefore);
        // Resolved items of messages still open (a point's active reject message lives on); their runs cascade.
        int items = (int) jdbc.count("""
                WITH gone AS (DELETE FROM exception_items WHERE state = 'RESOLVED' AND resolve_time < ?
                              RETURNING message_id),
                     counted AS (SELECT message_id, count(*) AS n FROM gone GROUP BY message_id),
                     recounted AS (UPDATE exception_messages m SET item_count = m.item_count - c.n
                                   FROM counted c WHERE m.id = c.message_id)
                SELECT coalesce(sum(n), 0) FROM counted""", resolvedBefore);
        // The run history of items kept longer; attempt_count keeps counting them.
        int itemRuns = jdbc.update("DELETE FROM exception_item_runs WHERE seen_time < ?", resolvedBefore);
        int batches = jdbc.update("DELETE FROM recorded_reject_batches WHERE create_time < ?",
                now.minus(BATCH_RETENTION));
        jdbc.update("DELETE FROM finished_runs WHERE finish_time < ?", resolvedBefore);
        int notifications = jdbc.update("""
                DELETE FROM notification_events e
                WHERE e.create_time < ? AND (e.state IN ('NO_RECIPIENTS', 'SUPPRESSED')
                    OR e.state = 'EXPANDED' AND NOT EXISTS (SELECT 1 FROM notification_deliveries d
                                                            WHERE d.event_id = e.id AND d.state = 'PENDING'))""",
                now.minus(NOTIFICATION_RETENTION));
        if (payloads + messages + items + itemRuns + batches + notifications > 0) {
            LOG.infof("retention purge payloads=%d messages=%d items=%d item_runs=%d batches=%d notifications=%d",
                    payloads, messages, items, itemRuns, batches, notifications);
        }
        return new Purged(payloads, messages, items, itemRuns, batches, notifications);
    }
}
