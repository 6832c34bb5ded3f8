package io.crmsync.scheduler.run;

/** Where a task is in its life; stored as text, named like the proto's TaskState without its prefix. */
public enum TaskStatus {
    PENDING, LEASED, SUCCEEDED, FAILED, CANCELLED,
    /** Replaced by key-range tasks of the same run; counts nothing itself. */
    SPLIT
}
