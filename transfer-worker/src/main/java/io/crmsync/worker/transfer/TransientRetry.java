package io.crmsync.worker.transfer;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.jboss.logging.Logger;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskStoppedException;

/**
 * The bounded retry of work an endpoint failed transiently, shared by target writes and source reads: which
 * failures qualify (by the connector's own {@link ConnectorException.Reason}), how many attempts, the exponential
 * backoff with jitter between them, and the endpoint's circuit breaker.
 * <p>
 * The rule for rate limits: a failure for which the endpoint names a delay ({@link ConnectorException#retryAfter()},
 * a 429 or 503 with {@code Retry-After}) does not use up an attempt. The endpoint answered and only asks to slow
 * down, so a long sync against a throttling API slows down rather than fails after a few tries. The work waits at
 * least as long as asked; it fails when one wait asked for is longer than {@link #MAX_REQUESTED_WAIT}, or when its
 * rate-limited waits since it last made progress add up to more than {@link #RATE_LIMIT_PATIENCE}, so that an API
 * that throttles for good fails the task instead of holding it forever.
 */
final class TransientRetry {

    /** The longest wait an endpoint may ask for; a longer one fails the work now, naming the wait. */
    static final Duration MAX_REQUESTED_WAIT = Duration.ofMinutes(15);
    /** Rate-limited waits of one piece of work, added up since it last made progress, before it fails. */
    static final Duration RATE_LIMIT_PATIENCE = Duration.ofHours(1);

    private static final Logger LOG = Logger.getLogger(TransientRetry.class);

    private final TransferSettings settings;
    private final EndpointBreakers breakers;

    TransientRetry(TransferSettings settings, EndpointBreakers breakers) {
        this.settings = settings;
        this.breakers = breakers;
    }

    /** The attempts of one piece of work ({@code work} names it in logs) against one endpoint. */
    Attempts attempts(String taskId, String work, EndpointRole role, EndpointAccess endpoint, TaskControl control) {
        return new Attempts(taskId, work, role, endpoint, control);
    }

    /** Mid-task, an endpoint that cannot be reached is a server restarting or a network blip: worth waiting for. */
    private static boolean retriable(ConnectorException e) {
        return e.isTransient() || e.reason() == ConnectorException.Reason.UNREACHABLE;
    }

    private Duration backoff(int attempt) {
        long base = settings.retryDelay().toMillis() << Math.min(Math.max(attempt, 1) - 1, 10);
        return Duration.ofMillis(base + ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private static String seconds(Duration d) {
        return d.compareTo(Duration.ofSeconds(10)) >= 0 ? (d.toMillis() + 999) / 1000 + " s" : d.toMillis() + " ms";
    }

    /**
     * Counts one piece of work's failed attempts and waits between them. Call {@link #beforeAttempt()} before each
     * attempt, then {@link #succeeded()} or {@link #failed(ConnectorException)}.
     */
    final class Attempts {

        private final String taskId;
        private final String work;
        private final EndpointRole role;
        private final EndpointAccess endpoint;
        private final TaskControl control;
        private int failures;
        private Duration throttled = Duration.ZERO;
        private ConnectorException last;

        private Attempts(String taskId, String work, EndpointRole role, EndpointAccess endpoint,
                TaskControl control) {
            this.taskId = taskId;
            this.work = work;
            this.role = role;
            this.endpoint = endpoint;
            this.control = control;
        }

        /**
         * Waits while the endpoint's circuit breaker is open instead of calling it; each such wait counts as a
         * failed attempt, so work fails when the attempts run out while the endpoint stays down.
         *
         * @throws TransferFailure when no attempt is left
         * @throws TaskStoppedException when the task is asked to stop meanwhile
         */
        void beforeAttempt() {
            for (Duration wait = breakers.admit(endpoint.id()); !wait.isZero(); wait = breakers.admit(endpoint.id())) {
                failures++;
                if (failures >= settings.retryAttempts()) {
                    String message = (last == null ? "" : last.getMessage() + "; ")
                            + "the endpoint keeps failing, so this worker leaves it alone for another "
                            + seconds(wait) + " (circuit breaker open)";
                    throw role.failure(new ConnectorException(ConnectorException.Reason.UNREACHABLE, message, last),
                            endpoint);
                }
                LOG.warnf("%s waits for the endpoint's circuit breaker task_id=%s endpoint_id=%s attempt=%d "
                        + "delay_ms=%d", work, taskId, endpoint.id(), failures, wait.toMillis());
                sleep(wait);
            }
        }

        void succeeded() {
            breakers.succeeded(endpoint.id());
        }

        /** The work moved on (a batch committed): the failures and waits before no longer count. */
        void progressed() {
            failures = 0;
            throttled = Duration.ZERO;
            breakers.succeeded(endpoint.id());
        }

        /**
         * Waits before the next attempt, longer after each failure, at least as long as the endpoint asked.
         *
         * @throws TransferFailure when the failure is not worth retrying or no attempt is left
         * @throws TaskStoppedException when the task is asked to stop meanwhile
         */
        void failed(ConnectorException e) {
            last = e;
            if (!retriable(e)) {
                throw role.failure(e, endpoint);
            }
            if (e.retryAfter().isPresent()) {
                throttled(e, e.retryAfter().get());
                return;
            }
            breakers.failed(endpoint.id());
            failures++;
            if (failures >= settings.retryAttempts()) {
                throw role.failure(e, endpoint);
            }
            Duration delay = backoff(failures);
            LOG.warnf("%s failed transiently, retrying task_id=%s attempt=%d delay_ms=%d reason=%s", work, taskId,
                    failures, delay.toMillis(), e.getMessage());
            sleep(delay);
        }

        /** The endpoint answered and asked to wait: not an attempt used up, and no sign it is down. */
        private void throttled(ConnectorException e, Duration asked) {
            breakers.succeeded(endpoint.id());
            if (asked.compareTo(MAX_REQUESTED_WAIT) > 0) {
                throw role.failure(new ConnectorException(e.reason(), e.getMessage() + "; the endpoint asks to wait "
                        + seconds(asked) + " before trying again, longer than the " + seconds(MAX_REQUESTED_WAIT)
                        + " this worker waits", e), endpoint);
            }
            Duration backoff = backoff(failures + 1);
            Duration delay = asked.compareTo(backoff) > 0 ? asked : backoff;
            throttled = throttled.plus(delay);
            if (throttled.compareTo(RATE_LIMIT_PATIENCE) > 0) {
                throw role.failure(new ConnectorException(e.reason(), e.getMessage() + "; still rate limited after "
                        + "waiting " + seconds(throttled.minus(delay)) + " in all", e), endpoint);
            }
            LOG.warnf("%s rate limited, waiting as asked task_id=%s endpoint_id=%s delay_ms=%d retry_after_ms=%d",
                    work, taskId, endpoint.id(), delay.toMillis(), asked.toMillis());
            sleep(delay);
        }

        private void sleep(Duration delay) {
            if (control.pause(delay)) {
                throw new TaskStoppedException(control.reason());
            }
        }
    }
}
