package io.crmsync.worker.transfer;

/** How a task run ended for this worker. */
public enum TaskOutcome {
    /** Every record processed; completed as SUCCEEDED. */
    SUCCEEDED,
    /** Replaced by key-range tasks that workers take in parallel. */
    SPLIT,
    /** Failed, reported, and completed as FAILED. */
    FAILED,
    /** Stopped without completing (lease lost, run cancelled, shutdown, scheduler unreachable). */
    STOPPED
}
