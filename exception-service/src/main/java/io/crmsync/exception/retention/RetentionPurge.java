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
 * Drops what is kept only for a while: payload snapshots past their expiry, RESOLVED messages (with their items and
 * item runs) resolved longer ago than the resolved retention, and reject batch ids older than a week.
 */
@ApplicationScoped
public class RetentionPurge {

    private static final Logger LOG = Logger.getLogger(RetentionPurge.class);
    /** Workers resend a batch within minutes; a week is far beyond any retry. */
    static final Duration BATCH_RETENTION = Duration.ofDays(7);

    /** What one purge removed. */
    public record Purged(int payloads, int messages, int batches) {
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
        int messages = jdbc.update("DELETE FROM exception_messages WHERE state = 'RESOLVED' AND state_time < ?",
                now.minus(config.resolvedRetention()));
        int batches = jdbc.update("DELETE FROM recorded_reject_batches WHERE create_time < ?",
                now.minus(BATCH_RETENTION));
        if (payloads + messages + batches > 0) {
            LOG.infof("retention purge payloads=%d messages=%d batches=%d", payloads, messages, batches);
        }
        return new Purged(payloads, messages, batches);
    }
}
