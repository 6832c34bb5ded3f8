package io.crmsync.exception.db;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Serialises, per integration point, the writers of its items (rejects, resolves, reopening): a transaction-scoped
 * advisory lock, taken before any message or item row lock so that the lock order is always point, message, item.
 * It works before the point's reject message exists, where a row lock could not.
 */
@ApplicationScoped
public class PointLock {

    private final Jdbc jdbc;

    PointLock(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Held until the current transaction ends. */
    public void lock(String integrationPointId) {
        jdbc.one("SELECT pg_advisory_xact_lock(hashtextextended(?, 7))", rs -> Boolean.TRUE,
                "exception-point:" + integrationPointId);
    }
}
