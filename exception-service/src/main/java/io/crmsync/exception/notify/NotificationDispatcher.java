package io.crmsync.exception.notify;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jboss.logging.Logger;

import io.crmsync.exception.notify.NotificationStore.DueDelivery;
import io.crmsync.exception.notify.NotificationStore.Expansion;
import io.crmsync.exception.notify.NotificationStore.PendingEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The delivery loop: turns new events into one delivery per recipient (reading recipients from config-service),
 * then sends due deliveries, retrying failures with exponential backoff. Safe to run on several replicas at once.
 * No transaction is open while config-service, the mail server or a webhook is called.
 */
@ApplicationScoped
public class NotificationDispatcher {

    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);

    private final NotificationStore store;
    private final IntegrationDirectory directory;
    private final NotificationContent content;
    private final EmailSender email;
    private final WebhookSender webhooks;
    private final NotificationSettings settings;
    private final Clock clock;

    NotificationDispatcher(NotificationStore store, IntegrationDirectory directory, NotificationContent content,
            EmailSender email, NotificationSettings settings, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.content = content;
        this.email = email;
        this.settings = settings;
        this.clock = clock;
        this.webhooks = new WebhookSender(settings.webhookSecret(), settings.allowedHosts().orElse(List.of()),
                settings.webhookTimeout(), clock);
    }

    @Scheduled(identity = "notifications", every = "${crmsync.notifications.poll-every}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        runOnce();
    }

    /** One round: expands due events, then attempts due deliveries. Returns the deliveries attempted. */
    public int runOnce() {
        // One item's unexpected failure must not hold up the others; its claim runs out and it is tried again.
        for (PendingEvent event : store.claimEvents(clock.instant())) {
            try {
                expand(event);
            } catch (RuntimeException e) {
                LOG.errorf(e, "notification event not expanded event_id=%s", event.id());
            }
        }
        List<DueDelivery> due = store.claimDeliveries(clock.instant());
        for (DueDelivery delivery : due) {
            try {
                attempt(delivery);
            } catch (RuntimeException e) {
                LOG.errorf(e, "notification delivery not attempted event_id=%s delivery_id=%s",
                        delivery.notification().eventId(), delivery.id());
            }
        }
        return due.size();
    }

    private void expand(PendingEvent event) {
        IntegrationDirectory.Audience audience;
        try {
            audience = directory.audience(event.integrationId());
        } catch (IntegrationDirectory.IntegrationGone e) {
            store.closeWithoutRecipients(event.id(), e.getMessage(), clock.instant());
            LOG.infof("notification dropped event_id=%s integration_id=%s reason=integration_not_found", event.id(),
                    event.integrationId());
            return;
        } catch (IntegrationDirectory.Unreachable e) {
            Instant next = clock.instant().plus(backoff(event.attempts()));
            store.postponeEvent(event.id(), e.getMessage(), next);
            LOG.warnf("notification recipients unreadable event_id=%s attempt=%d next=%s reason=%s", event.id(),
                    event.attempts(), next, e.getMessage());
            return;
        }
        Expansion outcome = store.expand(event, audience.integrationName(), audience.recipients(), clock.instant());
        switch (outcome) {
            case SUPPRESSED -> LOG.warnf("notification suppressed event_id=%s integration_id=%s reason=limit of %d "
                    + "notifications per integration and hour reached", event.id(), event.integrationId(),
                    settings.maxPerIntegrationPerHour());
            case NO_RECIPIENTS -> LOG.debugf("notification without recipients event_id=%s integration_id=%s",
                    event.id(), event.integrationId());
            case EXPANDED -> LOG.infof("notification expanded event_id=%s recipients=%d", event.id(),
                    audience.recipients().size());
        }
    }

    private void attempt(DueDelivery delivery) {
        Notification n = delivery.notification();
        SendResult result = switch (delivery.recipient().channel()) {
            case EMAIL -> email.send(delivery.recipient().address(), content.subject(n), content.emailBody(n));
            case WEBHOOK -> webhooks.send(delivery.recipient().address(), n.eventId(), content.webhookBody(n));
        };
        String channel = delivery.recipient().channel().name();
        switch (result.outcome()) {
            case DELIVERED -> {
                store.delivered(delivery.id(), delivery.attempts(), clock.instant());
                LOG.infof("notification delivered event_id=%s delivery_id=%s channel=%s attempt=%d", n.eventId(),
                        delivery.id(), channel, delivery.attempts());
            }
            case REFUSED -> {
                store.failed(delivery.id(), delivery.attempts(), result.reason());
                LOG.warnf("notification failed event_id=%s delivery_id=%s channel=%s reason=%s", n.eventId(),
                        delivery.id(), channel, result.reason());
            }
            case RETRY -> {
                if (delivery.attempts() >= settings.maxAttempts()) {
                    store.failed(delivery.id(), delivery.attempts(), result.reason());
                    LOG.warnf("notification failed event_id=%s delivery_id=%s channel=%s attempts=%d reason=%s",
                            n.eventId(), delivery.id(), channel, delivery.attempts(), result.reason());
                } else {
                    Instant next = clock.instant().plus(backoff(delivery.attempts()));
                    store.retryLater(delivery.id(), delivery.attempts(), result.reason(), next);
                    LOG.infof("notification retry event_id=%s delivery_id=%s channel=%s attempt=%d next=%s "
                            + "reason=%s", n.eventId(), delivery.id(), channel, delivery.attempts(), next,
                            result.reason());
                }
            }
        }
    }

    /** Delay after failed attempt {@code attempt} (1-based): initial, doubled each time, capped. */
    Duration backoff(int attempt) {
        Duration max = settings.retryMaxDelay();
        Duration delay = settings.retryInitialDelay();
        for (int i = 1; i < attempt && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }
}
