package io.crmsync.worker.task;

/**
 * The scheduler refused a call because the task's lease has moved on (a newer epoch exists): whatever this
 * worker does for the task no longer counts, so it stops without completing. Never retried.
 */
public class LeaseLostException extends RuntimeException {

    public LeaseLostException(String taskId, Throwable cause) {
        super("lease of task " + taskId + " was lost (stale epoch)", cause);
    }
}
