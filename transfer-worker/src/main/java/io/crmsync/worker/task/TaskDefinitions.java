package io.crmsync.worker.task;

import io.crmsync.proto.scheduler.v1.Task;

/** Loads the definition of a leased task. */
public interface TaskDefinitions {

    /**
     * The task's integration, point and endpoints with credentials.
     *
     * @throws io.crmsync.worker.transfer.TransferFailure when the definition cannot work (point or endpoint
     *         gone) or cannot be fetched
     */
    TaskDefinition load(Task task);
}
