package io.crmsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskDefinition;
import io.crmsync.worker.transfer.TaskOutcome;
import io.crmsync.worker.transfer.TransferRunner;
import io.crmsync.worker.transfer.TransferSettings;

/**
 * One crmsync run in a JVM of its own (started by {@link TransferBenchmark} with the worker's heap limit): the
 * real {@link TransferRunner} with the PostgreSQL connector, a task as the scheduler would lease it, and only the
 * remote services replaced by an in-memory reporter. Prints one {@code RESULT {json}} line.
 *
 * <p>Arguments: jdbcUrl user mode(full|incremental) batchSize fetchSize; the password comes from
 * {@code CRMSYNC_BENCH_PG_PASSWORD}.
 */
public final class BenchWorker {

    private BenchWorker() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        boolean incremental = args[2].equals("incremental");
        int batchSize = Integer.parseInt(args[3]);
        int fetchSize = Integer.parseInt(args[4]);
        String password = System.getenv().getOrDefault("CRMSYNC_BENCH_PG_PASSWORD", "");

        EndpointAccess source = new EndpointAccess("bench-source", "bench source", PostgresConnector.TYPE,
                Map.of("jdbcUrl", url, "username", user, "timeZone", BenchSchema.SOURCE_ZONE),
                Map.of("password", password));
        EndpointAccess target = new EndpointAccess("bench-target", "bench target", PostgresConnector.TYPE,
                Map.of("jdbcUrl", url, "username", user), Map.of("password", password));
        Integration integration = BenchSchema.integration();
        TaskDefinition definition = new TaskDefinition(integration, integration.getPoints(0), source, target,
                Map.of("countries", BenchSchema.COUNTRIES));
        Task.Builder task = Task.newBuilder().setId("bench-task").setRunId("bench-run")
                .setIntegrationId(integration.getId()).setIntegrationPointId(integration.getPoints(0).getId())
                .setIntegrationVersion(integration.getVersion()).setEpoch(1)
                .setMode(incremental ? RunMode.RUN_MODE_INCREMENTAL : RunMode.RUN_MODE_FULL)
                .setWindowEnd(Timestamps.of(Instant.parse("2100-01-01T00:00:00Z")));
        if (incremental) {
            task.setWindowStart(Timestamps.of(Instant.parse(BenchSchema.INCREMENTAL_FROM)));
        }

        TimedPostgres connector = new TimedPostgres();
        BenchReporter reporter = new BenchReporter();
        TransferRunner runner = new TransferRunner(t -> definition, reporter, ConnectorRegistry.of(connector),
                new TransferSettings(batchSize, fetchSize, 3, Duration.ofMillis(200)));
        resetHeapPeaks();
        long start = System.nanoTime();
        TaskOutcome outcome = runner.run(task.build(), new TaskControl());
        if (!reporter.ranges.isEmpty()) {
            throw new IllegalStateException("the benchmark runs one task; it must not be split");
        }
        double seconds = (System.nanoTime() - start) / 1e9;

        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("outcome", outcome.name());
        result.put("seconds", seconds);
        result.put("read", reporter.counts.getRead());
        result.put("created", reporter.counts.getCreated());
        result.put("updated", reporter.counts.getUpdated());
        result.put("unchanged", reporter.counts.getUnchanged());
        result.put("rejected", reporter.counts.getRejected());
        result.put("batches", connector.latenciesMillis.size());
        result.put("p50Millis", percentile(connector.latenciesMillis, 0.50));
        result.put("p99Millis", percentile(connector.latenciesMillis, 0.99));
        result.put("peakHeapMb", peakHeapBytes() / (1024.0 * 1024.0));
        result.put("maxHeapMb", Runtime.getRuntime().maxMemory() / (1024.0 * 1024.0));
        result.put("failure", reporter.failure);
        System.out.println("RESULT " + result);
        System.exit(outcome == TaskOutcome.SUCCEEDED ? 0 : 1);
    }

    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the run started: an upper bound of the heap the run held at once. */
    private static long peakHeapBytes() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The PostgreSQL connector, timing each batch write (one target transaction) from call to commit. */
    private static final class TimedPostgres implements SourceConnector, TargetConnector {

        private final PostgresConnector delegate = new PostgresConnector();
        final List<Double> latenciesMillis = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String type() {
            return delegate.type();
        }

        @Override
        public ConnectorSession connect(EndpointAccess endpoint) {
            return delegate.connect(endpoint);
        }

        @Override
        public SourceSession openSource(EndpointAccess endpoint) {
            return delegate.openSource(endpoint);
        }

        @Override
        public Set<Operation> supportedOperations() {
            return delegate.supportedOperations();
        }

        @Override
        public TargetSession openTarget(EndpointAccess endpoint) {
            TargetSession session = delegate.openTarget(endpoint);
            return new TargetSession() {
                @Override
                public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
                    long start = System.nanoTime();
                    List<WriteResult> results = session.write(spec, rows, guard);
                    latenciesMillis.add((System.nanoTime() - start) / 1e6);
                    return results;
                }

                @Override
                public String serverVersion() {
                    return session.serverVersion();
                }

                @Override
                public java.util.Optional<ObjectDescription> describe(String objectName) {
                    return session.describe(objectName);
                }

                @Override
                public void close() {
                    session.close();
                }
            };
        }
    }
}
