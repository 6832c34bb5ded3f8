package io.crmsync.scheduler.run;

/** Where a run is in its life; stored as text, named like the proto's RunState without its prefix. */
public enum RunStatus {
    PENDING, RUNNING, SUCCEEDED, PARTIAL, FAILED, CANCELLED;

    public boolean isFinished() {
        return this != PENDING && this != RUNNING;
    }
}
