package io.crmsync.worker.testing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.crmsync.proto.scheduler.v1.CheckpointTaskRequest;
import io.crmsync.proto.scheduler.v1.CompleteTaskRequest;
import io.crmsync.proto.scheduler.v1.SplitTaskRequest;
import io.crmsync.proto.scheduler.v1.Task;

/**
 * State of the stand-in config, scheduler and exception services the worker's own gRPC server serves in
 * tests: what they answer and what they were told. Static because gRPC service beans are not injectable
 * by their class; tests call {@link #reset()} first.
 */
public final class FakeRemotes {

    public static final Map<String, Integration> INTEGRATIONS = new ConcurrentHashMap<>();
    public static final Map<String, Endpoint> ENDPOINTS = new ConcurrentHashMap<>();
    public static final Map<String, Map<String, String>> CREDENTIALS = new ConcurrentHashMap<>();
    /** Reference lookups by name: source value to target value. */
    public static final Map<String, Map<String, String>> LOOKUPS = new ConcurrentHashMap<>();
    public static final ConcurrentLinkedQueue<Task> PENDING_TASKS = new ConcurrentLinkedQueue<>();
    public static final List<String> LEASING_WORKERS = new CopyOnWriteArrayList<>();
    public static final List<CheckpointTaskRequest> CHECKPOINTS = new CopyOnWriteArrayList<>();
    public static final List<CompleteTaskRequest> COMPLETIONS = new CopyOnWriteArrayList<>();
    public static final List<SplitTaskRequest> SPLITS = new CopyOnWriteArrayList<>();
    public static final List<RecordRejectsRequest> REJECTS = new CopyOnWriteArrayList<>();
    public static final List<ReportFailureRequest> FAILURES = new CopyOnWriteArrayList<>();
    public static final List<ResolveItemsRequest> RESOLVES = new CopyOnWriteArrayList<>();
    /** Record keys of unresolved items, by integration point id. */
    public static final Map<String, List<String>> OPEN_ITEM_KEYS = new ConcurrentHashMap<>();

    private FakeRemotes() {
    }

    public static void reset() {
        INTEGRATIONS.clear();
        ENDPOINTS.clear();
        CREDENTIALS.clear();
        LOOKUPS.clear();
        PENDING_TASKS.clear();
        LEASING_WORKERS.clear();
        CHECKPOINTS.clear();
        COMPLETIONS.clear();
        SPLITS.clear();
        REJECTS.clear();
        FAILURES.clear();
        RESOLVES.clear();
        OPEN_ITEM_KEYS.clear();
    }
}
