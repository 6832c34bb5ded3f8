package io.crmsync.worker.connector;

/**
 * A connector failure with a reason the engine acts on and a message safe to show to admins: it never holds
 * a secret or a full connection URL. The cause keeps the driver's exception for logs.
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

    public ConnectorException(Reason reason, String message) {
        this(reason, message, null);
    }

    public ConnectorException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean isTransient() {
        return reason == Reason.TRANSIENT;
    }
}
