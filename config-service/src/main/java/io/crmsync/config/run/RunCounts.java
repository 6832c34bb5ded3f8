package io.crmsync.config.run;

/** Record counts of a run or a task. */
public record RunCounts(long read, long created, long updated, long unchanged, long deleted, long rejected,
        long skipped) {
}
