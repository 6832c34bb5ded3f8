package io.crmsync.exception.notify;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code crmsync.notifications.*}: how notifications are sent, retried and held back. */
@ConfigMapping(prefix = "crmsync.notifications")
public interface NotificationSettings {

    /** How often the delivery loop looks for due work; {@code off} leaves it to callers (tests). */
    @WithDefault("5s")
    String pollEvery();

    /** Delay after the first failed attempt; doubles on each further one. */
    @WithDefault("30s")
    Duration retryInitialDelay();

    /** The longest delay between two attempts. */
    @WithDefault("1h")
    Duration retryMaxDelay();

    /** Attempts of one delivery before it is FAILED. */
    @WithDefault("8")
    int maxAttempts();

    /** Storm guard: events notified per integration within an hour; further ones are SUPPRESSED. */
    @WithDefault("20")
    int maxPerIntegrationPerHour();

    /** Signs webhook bodies; without it webhooks fail (never sent unsigned). Env CRMSYNC_NOTIFICATIONS_WEBHOOK_SECRET. */
    Optional<String> webhookSecret();

    /** Hosts webhooks may reach although they are loopback/private, and may reach over plain http. */
    Optional<List<String>> allowedHosts();

    /** Deadline of GetIntegration calls to config-service. */
    @WithDefault("10s")
    Duration configDeadline();

    /** Connect and response timeout of a webhook POST. */
    @WithDefault("10s")
    Duration webhookTimeout();

    /** How long a replica owns claimed work; after a crash, another one takes it over once this has passed. */
    @WithDefault("5m")
    Duration claimTimeout();

    /**
     * Events or deliveries claimed per round. Sent one after the other: 10 × the worst case of one send (about 20 s)
     * stays within {@link #claimTimeout()}.
     */
    @WithDefault("10")
    int batchSize();

    Email email();

    interface Email {
        /** Sender address of notification e-mails. */
        @WithDefault("crmsync@localhost")
        String from();
    }
}
