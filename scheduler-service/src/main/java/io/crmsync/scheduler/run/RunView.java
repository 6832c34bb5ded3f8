package io.crmsync.scheduler.run;

import java.util.List;

/** A run with its tasks in their order. */
public record RunView(RunEntity run, List<TaskEntity> tasks) {
}
