package io.crmsync.scheduler.run;

import java.util.UUID;

import io.crmsync.proto.scheduler.v1.RunTrigger;

/**
 * What the ledger asks about an integration's health and tells when a run closes, implemented by
 * {@code schedule.ScheduleStore} (so runs need not know schedules). Both are called inside the ledger's transaction.
 */
public interface RunGate {

    /** Throws when the integration may not run now (the system disabled it). */
    void requireRunnable(String integrationId);

    /** A run of the integration, started by this trigger, closed in this state. */
    void closed(String integrationId, UUID runId, RunStatus state, RunTrigger trigger);
}
