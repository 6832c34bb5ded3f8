/**
 * Clients of the services the worker calls over gRPC (scheduler, config, exception), each call with a
 * deadline and, where a retry is safe, {@code @Retry} with jitter on transient failures. A stale epoch is
 * never retried: it becomes {@link io.crmsync.worker.task.LeaseLostException}.
 */
package io.crmsync.worker.remote;
