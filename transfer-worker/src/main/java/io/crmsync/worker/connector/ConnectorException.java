package io.crmsync.worker.connector;

import java.time.Duration;
import java.util.Optional;

/**
 * A connector failure with a reason the engine acts on and a message safe to show to admins: it never holds
 * a secret or a full connection URL. The cause keeps the driver's exception for logs. A remote API that answers
 * 429 or 503 with {@code Retry-After} says how long to wait; {@link #retryAfter()} carries that to the engine's retry.
 */
public class ConnectorException extends RuntimeException {

    /** What kind of failure this is, which decides whether a retry can help and how it is reported. */
    public enum Reason {
        /** The endpoint cannot be reached (network, DNS, server down). */
        UNREACHABLE,
        /** The endpoint refused the credential. */
        AUTHENTICATION,
        /** The settings or the integration point cannot work (bad URL, unknown object, ...). */
        CONFIGURATION,
        /** A failure that may pass if retried: lost connection, timeout, deadlock. */
        TRANSIENT,
        /** The endpoint refused the work for another reason (permissions, ...); retrying will not help. */
        REFUSED
    }

    private final Reason reason;
    private final Duration retryAfter;

    public ConnectorException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ConnectorException(Reason reason, String message, Throwable cause) {
        this(reason, message, cause, null);
    }

    /** A failure for which the endpoint asked to wait {@code retryAfter} (null when it did not) before trying again. */
    public ConnectorException(Reason reason, String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        if (retryAfter != null && retryAfter.isNegative()) {
            throw new IllegalArgumentException("retry-after must not be negative");
        }
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    /** The endpoint throttles this worker (HTTP 429, or 503 with Retry-After) and asks to wait {@code retryAfter}. */
    public static ConnectorException rateLimited(String message, Duration retryAfter) {
        return new ConnectorException(Reason.TRANSIENT, message, null, retryAfter);
    }

    public Reason reason() {
        return reason;
    }

    /** How long the endpoint asked to wait before the next attempt, when it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    public boolean isTransient() {
        return reason == Reason.TRANSIENT;
    }
}
