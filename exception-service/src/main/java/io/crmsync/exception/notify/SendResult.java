package io.crmsync.exception.notify;

/** How one delivery attempt went; {@code reason} is recorded and never holds a secret. */
record SendResult(Outcome outcome, String reason) {

    enum Outcome {
        /** Accepted by the recipient's server. */
        DELIVERED,
        /** May work later (5xx, timeout, SMTP down): retried with backoff. */
        RETRY,
        /** Cannot work as configured (refused host, no signing secret): FAILED at once. */
        REFUSED
    }

    static SendResult delivered() {
        return new SendResult(Outcome.DELIVERED, null);
    }

    static SendResult retry(String reason) {
        return new SendResult(Outcome.RETRY, reason);
    }

    static SendResult refused(String reason) {
        return new SendResult(Outcome.REFUSED, reason);
    }
}
