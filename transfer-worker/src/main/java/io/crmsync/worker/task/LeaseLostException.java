package io.crmsync.worker.task;

/**
 * The task's lease has moved on, or may have: the scheduler refused a call because a newer epoch exists, or this
 * worker's own lease deadline passed before it could renew. Whatever this worker does for the task no longer
 * counts, so it stops without completing. Never retried.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String taskId, Throwable cause) {
        super("lease of task " + taskId + " was lost (stale epoch)", cause);
    }

    public LeaseLostException(String message) {
        super(message);
    }
}
