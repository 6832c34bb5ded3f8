package io.crmsync.scheduler;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Test fixtures written straight to the database. Leasing serves the oldest runnable task of any
 * integration, so a test that leases first cancels what earlier tests left unfinished.
 */
@ApplicationScoped
public class TestRuns {

    @Inject
    EntityManager em;

    @Transactional
    public void cancelUnfinished() {
        em.createNativeQuery("UPDATE tasks SET state = 'CANCELLED' WHERE state IN ('PENDING', 'LEASED')")
                .executeUpdate();
        em.createNativeQuery("UPDATE runs SET state = 'CANCELLED' WHERE state IN ('PENDING', 'RUNNING')")
                .executeUpdate();
    }

    /** Marks only the run cancelled, as an admin's cancel reaches a run whose tasks are still leased. */
    @Transactional
    public void cancelRun(String runId) {
        em.createNativeQuery("UPDATE runs SET state = 'CANCELLED' WHERE id = ?1")
                .setParameter(1, UUID.fromString(runId)).executeUpdate();
    }
}
