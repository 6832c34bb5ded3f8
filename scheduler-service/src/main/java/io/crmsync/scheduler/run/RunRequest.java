package io.crmsync.scheduler.run;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunTrigger;

/**
 * What a trigger asks for: a run of these points of an integration version. {@code initialWindowStart} is where
 * incremental tasks of points without a watermark start (null: from the beginning). {@code queue} places the
 * tasks in their connection's queues (null: in none).
 */
public record RunRequest(String integrationId, long integrationVersion, List<String> pointIds, RunMode mode,
        RunTrigger trigger, String idempotencyKey, Instant initialWindowStart, QueuePlacement queue) {

    /** The integration's connection and each point's direction ({@code INBOUND}/{@code OUTBOUND}), in point order. */
    public record QueuePlacement(String connectionId, List<String> directions) {

        /** The placement when both parts are given, else null. */
        public static QueuePlacement of(String connectionId, List<String> directions) {
            return connectionId == null || connectionId.isEmpty() || directions.isEmpty() ? null
                    : new QueuePlacement(connectionId, List.copyOf(directions));
        }
    }

    static final int MAX_IDEMPOTENCY_KEY_LENGTH = 200;

    /** Refuses a request naming the first field at fault. */
    void validate() {
        SchedulerErrors.require("integration_id", integrationId);
        if (integrationVersion <= 0) {
            throw CrmsyncException.invalidField("integration_version", "must be positive");
        }
        if (pointIds.isEmpty()) {
            throw CrmsyncException.invalidField("integration_point_ids", "must hold at least one point id");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < pointIds.size(); i++) {
            String field = "integration_point_ids[" + i + "]";
            SchedulerErrors.require(field, pointIds.get(i));
            if (!seen.add(pointIds.get(i))) {
                throw CrmsyncException.invalidField(field, "repeats point " + pointIds.get(i));
            }
        }
        if (queue != null && queue.directions().size() != pointIds.size()) {
            throw CrmsyncException.invalidField("directions", "must hold one direction per point ("
                    + pointIds.size() + ")");
        }
        if (mode == RunMode.RUN_MODE_UNSPECIFIED || mode == RunMode.UNRECOGNIZED) {
            throw CrmsyncException.invalidField("mode", "is required (INCREMENTAL, FULL or REBUILD)");
        }
        if (trigger == RunTrigger.RUN_TRIGGER_UNSPECIFIED || trigger == RunTrigger.UNRECOGNIZED) {
            throw CrmsyncException.invalidField("trigger", "is required");
        }
        if (idempotencyKey != null && idempotencyKey.length() > MAX_IDEMPOTENCY_KEY_LENGTH) {
            throw CrmsyncException.invalidField("idempotency_key",
                    "must be at most " + MAX_IDEMPOTENCY_KEY_LENGTH + " characters");
        }
    }

    boolean incremental() {
        return mode == RunMode.RUN_MODE_INCREMENTAL;
    }

    /** The key, or null when the caller sent none. */
    String idempotencyKeyOrNull() {
        return idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
    }
}
