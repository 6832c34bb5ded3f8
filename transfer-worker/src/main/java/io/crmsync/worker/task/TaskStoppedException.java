package io.crmsync.worker.task;

/** Unwinds a task that was asked to stop; the task is not completed. */
public class TaskStoppedException extends RuntimeException {

    public TaskStoppedException(String reason) {
        super("task stopped: " + reason);
    }
}
