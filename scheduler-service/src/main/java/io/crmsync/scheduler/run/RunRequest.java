package io.crmsync.scheduler.run;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.RunTrigger;

/**
 * What a trigger asks for: a run of these points of an integration version. {@code initialWindowStart} is where
 * incremental tasks of points without a watermark start (null: from the beginning). {@code queue} places the
 * tasks in their connection's queues (null: in none). {@code retryRecords} (only with trigger RETRY) names points
 * that re-read records by match key instead of their window.
 */
public record RunRequest(String integrationId, long integrationVersion, List<String> pointIds, RunMode mode,
        RunTrigger trigger, String idempotencyKey, Instant initialWindowStart, QueuePlacement queue,
        List<RetryRecords> retryRecords) {

    /** A request that re-reads no record by key. */
    public RunRequest(String integrationId, long integrationVersion, List<String> pointIds, RunMode mode,
            RunTrigger trigger, String idempotencyKey, Instant initialWindowStart, QueuePlacement queue) {
        this(integrationId, integrationVersion, pointIds, mode, trigger, idempotencyKey, initialWindowStart, queue,
                List.of());
    }

    /** The records of one point a retry run re-reads: each key its match-key values as text, in match-key order. */
    public record RetryRecords(String pointId, List<List<String>> keys) {
    }

    /** Most keys one point of a retry run may re-read (the contract's limit). */
    static final int MAX_RETRY_KEYS = 50_000;

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
        validateRetryRecords();
    }

    private void validateRetryRecords() {
        if (retryRecords.isEmpty()) {
            return;
        }
        if (trigger != RunTrigger.RUN_TRIGGER_RETRY) {
            throw CrmsyncException.invalidField("retry_records", "is allowed only with trigger RETRY");
        }
        Set<String> points = Set.copyOf(pointIds);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < retryRecords.size(); i++) {
            RetryRecords records = retryRecords.get(i);
            String at = "retry_records[" + i + "]";
            SchedulerErrors.require(at + ".integration_point_id", records.pointId());
            if (!points.contains(records.pointId())) {
                throw CrmsyncException.invalidField(at + ".integration_point_id", "must be one of integration_point_ids"
                        + " (got " + records.pointId() + ")");
            }
            if (!seen.add(records.pointId())) {
                throw CrmsyncException.invalidField(at + ".integration_point_id", "repeats point " + records.pointId());
            }
            if (records.keys().isEmpty()) {
                throw CrmsyncException.invalidField(at + ".keys", "must hold at least one record key");
            }
            if (records.keys().size() > MAX_RETRY_KEYS) {
                throw CrmsyncException.invalidField(at + ".keys", "must hold at most " + MAX_RETRY_KEYS
                        + " record keys (got " + records.keys().size() + ")");
            }
            for (int k = 0; k < records.keys().size(); k++) {
                List<String> values = records.keys().get(k);
                if (values.isEmpty()) {
                    throw CrmsyncException.invalidField(at + ".keys[" + k + "]", "must hold at least one value");
                }
                for (int v = 0; v < values.size(); v++) {
                    if (values.get(v) == null || values.get(v).isEmpty()) {
                        throw CrmsyncException.invalidField(at + ".keys[" + k + "].values[" + v + "]",
                                "must not be empty");
                    }
                }
            }
        }
    }

    /** Each point's record keys to re-read, by point id; points absent read their window. */
    Map<String, List<List<String>>> retryKeysByPoint() {
        Map<String, List<List<String>>> byPoint = new LinkedHashMap<>();
        retryRecords.forEach(records -> byPoint.put(records.pointId(), records.keys()));
        return byPoint;
    }

    boolean incremental() {
        return mode == RunMode.RUN_MODE_INCREMENTAL;
    }

    /** The key, or null when the caller sent none. */
    String idempotencyKeyOrNull() {
        return idempotencyKey == null || idempotencyKey.isEmpty() ? null : idempotencyKey;
    }
}
