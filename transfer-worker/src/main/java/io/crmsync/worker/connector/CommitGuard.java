package io.crmsync.worker.connector;

/**
 * Asked by a {@link TargetSession} right before it commits a batch. A guard that refuses throws; the session then
 * rolls the batch back and lets the exception through unchanged, so nothing of the batch is committed.
 */
@FunctionalInterface
public interface CommitGuard {

    /** Lets every commit through: for writes outside a leased task. */
    CommitGuard NONE = () -> {
    };

    /** Returns when the batch may commit; throws when it must not. */
    void beforeCommit();
}
