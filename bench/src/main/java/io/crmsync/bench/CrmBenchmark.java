package io.crmsync.bench;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

import io.crmsync.common.net.HostPolicy;
import io.crmsync.common.time.Timestamps;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunCounts;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.Connector;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.postgresql.PostgresConnector;
import io.crmsync.worker.connector.dynamics.DynamicsConnector;
import io.crmsync.worker.connector.hubspot.HubSpotConnector;
import io.crmsync.worker.connector.salesforce.SalesforceConnector;
import io.crmsync.worker.task.TaskControl;
import io.crmsync.worker.task.TaskDefinition;
import io.crmsync.worker.transfer.TransferRunner;
import io.crmsync.worker.transfer.TransferSettings;

/**
 * How economically the CRM connectors use the CRMs' APIs, and how a partitioned sync scales out, against the
 * project's CRM emulator (no real CRM can run here; the emulator answers like the documented APIs and counts
 * every call it serves). For each CRM: N records written from PostgreSQL (upsert by external id) and read back
 * (a full read), each through the real {@link TransferRunner}; API calls per phase against the theoretical minimum
 * (records over the API's largest batch or page: Salesforce 200 a collections call and 2,000 a query page,
 * HubSpot 100 a batch and a list page, Dataverse 1,000 a $batch and 5,000 a page), the session overhead (token, describe, limits) apart, and the
 * calls answered 429. Then the same write with emulated latency, split into key-range tasks as the scheduler does,
 * run by one worker and by several (each worker a {@link TransferRunner} of its own on its own thread, as task
 * slots of separate worker processes would be: the work is bound by API latency, not by this machine's CPU).
 *
 * <pre>
 * bin/crmsync bench-crm [--records 10000] [--latency-ms 50] [--workers 4] [--ranges 8]
 *                       [--url jdbc:postgresql://localhost:5432/crmsync_bench] [--user postgres]
 * </pre>
 */
public final class CrmBenchmark {

    /** What to run. */
    record Options(String url, String user, String password, int records, int latencyMillis, int workers,
            int ranges) {

        static Options parse(String[] args) {
            String url = "jdbc:postgresql://localhost:5432/crmsync_bench";
            String user = "postgres";
            int records = 10_000;
            int latency = 50;
            int workers = 4;
            int ranges = 8;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--url" -> url = value;
                    case "--user" -> user = value;
                    case "--records" -> records = Integer.parseInt(value.replace("_", ""));
                    case "--latency-ms" -> latency = Integer.parseInt(value);
                    case "--workers" -> workers = Integer.parseInt(value);
                    case "--ranges" -> ranges = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --records --latency-ms --workers --ranges --url --user");
                }
                i++;
            }
            return new Options(url, user, System.getenv().getOrDefault("CRMSYNC_BENCH_PG_PASSWORD", ""), records,
                    latency, workers, ranges);
        }
    }

    /**
     * One CRM as the benchmark drives it.
     *
     * @param writeBatch the most records one write call takes; readPage the most one read call returns
     * @param calls the emulator's calls of this CRM so far, by endpoint kind
     * @param writeKinds / readKinds the kinds that carry records; every other kind is session overhead
     * @param writeRules bench_people column to CRM field, the first one the external id (the match key)
     * @param readRules CRM field to crm_copy column, the first one the CRM's record id (the match key)
     */
    record CrmCase(String name, String object, int writeBatch, int readPage, String cursorField,
            Function<CrmEmulator, EndpointAccess> endpoint, Connector connector,
            Function<CrmEmulator, Map<String, Long>> calls, Set<String> writeKinds, Set<String> readKinds,
            List<String[]> writeRules, List<String[]> readRules) {
    }

    /** API calls of one CRM for {@code records} written and read. */
    record Economy(String crm, long records, long written, long writeCalls, long writeMinimum, long read,
            long readCalls, long readMinimum, long overheadCalls, long throttled) {

        boolean withinFivePercent() {
            return writeCalls <= Math.ceil(writeMinimum * 1.05) && readCalls <= Math.ceil(readMinimum * 1.05);
        }
    }

    /** A partitioned write by one worker and by several. */
    record Scaling(String crm, int tasks, int workers, double oneWorkerSeconds, double workersSeconds,
            long createdByOne, long createdByWorkers) {

        double speedUp() {
            return oneWorkerSeconds / workersSeconds;
        }
    }

    record Report(List<Economy> economy, List<Scaling> scaling) {
    }

    private static final HostPolicy LOOPBACK = new HostPolicy(List.of("127.0.0.1", "localhost"));

    private CrmBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report = run(options, cases(), System.out);
        print(report, options, System.out);
    }

    /** The CRMs measured. */
    static List<CrmCase> cases() {
        return List.of(salesforce(), hubspot(), dataverse());
    }

    static CrmCase dataverse() {
        return new CrmCase("Dataverse", "contact", 1000, 5000, "modifiedon",
                crm -> {
                    crm.dataverse().credentials("tenant-bench", "crmsync-bench", "bench-secret");
                    return new EndpointAccess("bench-dataverse", "emulated Dataverse", DynamicsConnector.TYPE,
                            Map.of("url", crm.baseUrl(), "authorityUrl", crm.baseUrl(), "tenantId", "tenant-bench",
                                    "clientId", "crmsync-bench"),
                            Map.of("clientSecret", "bench-secret"));
                },
                new DynamicsConnector(),
                crm -> names(crm.dataverse().calls()),
                Set.of("BATCH"), Set.of("QUERY", "NEXT_PAGE"),
                List.of(new String[] {"external_id", "crmsync_externalid"}, new String[] {"first_name", "firstname"},
                        new String[] {"last_name", "lastname"}, new String[] {"email", "emailaddress1"}),
                List.of(new String[] {"contactid", "crm_id"}, new String[] {"crmsync_externalid", "external_id"},
                        new String[] {"firstname", "first_name"}, new String[] {"lastname", "last_name"},
                        new String[] {"emailaddress1", "email"}, new String[] {"modifiedon", "modified"}));
    }

    static CrmCase hubspot() {
        return new CrmCase("HubSpot", "contacts", 100, 100, "lastmodifieddate",
                crm -> {
                    crm.hubspot().privateAppToken("pat-bench-token");
                    return new EndpointAccess("bench-hubspot", "emulated HubSpot", HubSpotConnector.TYPE,
                            Map.of("baseUrl", crm.baseUrl(), "authFlow", "private_app"),
                            Map.of("accessToken", "pat-bench-token"));
                },
                new HubSpotConnector(),
                crm -> names(crm.hubspot().calls()),
                Set.of("BATCH_UPSERT"), Set.of("LIST"),
                List.of(new String[] {"external_id", "external_id"}, new String[] {"first_name", "firstname"},
                        new String[] {"last_name", "lastname"}, new String[] {"email", "email"}),
                List.of(new String[] {"hs_object_id", "crm_id"}, new String[] {"external_id", "external_id"},
                        new String[] {"firstname", "first_name"}, new String[] {"lastname", "last_name"},
                        new String[] {"email", "email"}, new String[] {"lastmodifieddate", "modified"}));
    }

    static CrmCase salesforce() {
        return new CrmCase("Salesforce", "Contact", 200, 2000, "SystemModstamp",
                crm -> {
                    crm.salesforce().credentials("crmsync-bench", "bench-secret");
                    return new EndpointAccess("bench-salesforce", "emulated Salesforce", SalesforceConnector.TYPE,
                            Map.of("loginUrl", crm.baseUrl(), "clientId", "crmsync-bench"),
                            Map.of("clientSecret", "bench-secret"));
                },
                new SalesforceConnector(LOOPBACK),
                crm -> names(crm.salesforce().calls()),
                Set.of("COLLECTIONS_UPSERT"), Set.of("QUERY", "QUERY_MORE"),
                List.of(new String[] {"external_id", "External_Id__c"}, new String[] {"first_name", "FirstName"},
                        new String[] {"last_name", "LastName"}, new String[] {"email", "Email"}),
                List.of(new String[] {"Id", "crm_id"}, new String[] {"External_Id__c", "external_id"},
                        new String[] {"FirstName", "first_name"}, new String[] {"LastName", "last_name"},
                        new String[] {"Email", "email"}, new String[] {"SystemModstamp", "modified"}));
    }

    static Map<String, Long> names(Map<? extends Enum<?>, Long> calls) {
        Map<String, Long> out = new java.util.HashMap<>();
        calls.forEach((k, v) -> out.put(k.name(), v));
        return out;
    }

    static Report run(Options options, List<CrmCase> cases, PrintStream log) throws Exception {
        seed(options);
        List<Economy> economy = new ArrayList<>();
        List<Scaling> scaling = new ArrayList<>();
        for (CrmCase c : cases) {
            log.printf("%s: writing and reading %,d records ...%n", c.name(), options.records());
            economy.add(economy(options, c));
            log.printf("%s: partitioned write with %d ms latency, 1 worker then %d ...%n", c.name(),
                    options.latencyMillis(), options.workers());
            scaling.add(scaling(options, c));
        }
        return new Report(economy, scaling);
    }

    private static Economy economy(Options options, CrmCase c) throws Exception {
        try (CrmEmulator crm = CrmEmulator.start(0)) {
            EndpointAccess endpoint = c.endpoint().apply(crm);
            TransferSettings settings = new TransferSettings(2000, 5000, 3, Duration.ofMillis(200),
                    options.records() * 10L, 2);
            Map<String, Long> before = c.calls().apply(crm);
            long throttledBefore = crm.throttledCalls();
            RunCounts written = runOne(options, c, writePoint(c), postgres(options), endpoint, settings).counts;
            Map<String, Long> afterWrite = c.calls().apply(crm);
            truncateCopy(options);
            RunCounts read = runOne(options, c, readPoint(c), endpoint, postgres(options), settings).counts;
            Map<String, Long> afterRead = c.calls().apply(crm);
            long writeCalls = sum(afterWrite, before, c.writeKinds());
            long readCalls = sum(afterRead, afterWrite, c.readKinds());
            long all = sum(afterRead, before, afterRead.keySet());
            return new Economy(c.name(), options.records(), written.getCreated() + written.getUpdated(), writeCalls,
                    ceil(options.records(), c.writeBatch()), read.getCreated() + read.getUpdated(), readCalls,
                    ceil(options.records(), c.readPage()), all - writeCalls - readCalls,
                    crm.throttledCalls() - throttledBefore);
        }
    }

    private static Scaling scaling(Options options, CrmCase c) throws Exception {
        double[] seconds = new double[2];
        long[] created = new long[2];
        int tasks = 0;
        for (int round = 0; round < 2; round++) {
            try (CrmEmulator crm = CrmEmulator.start(0)) {
                crm.latency(Duration.ofMillis(options.latencyMillis()));
                EndpointAccess endpoint = c.endpoint().apply(crm);
                TransferSettings settings = new TransferSettings(2000, 5000, 3, Duration.ofMillis(200),
                        Math.max(1, options.records() / options.ranges()), options.ranges());
                // The first task of a large full sync plans key ranges instead of moving records (SplitTask).
                BenchReporter planned = runOne(options, c, writePoint(c), postgres(options), endpoint, settings);
                if (planned.ranges.isEmpty()) {
                    throw new IllegalStateException(c.name() + ": the partitioned write was not split: "
                            + planned.failure);
                }
                tasks = planned.ranges.size();
                int workers = round == 0 ? 1 : options.workers();
                ExecutorService pool = Executors.newFixedThreadPool(workers);
                long start = System.nanoTime();
                List<Future<BenchReporter>> done = new ArrayList<>();
                int n = 0;
                for (KeyRange range : planned.ranges) {
                    Task task = task("range-" + n++, RunMode.RUN_MODE_FULL).setKeyRange(keyRange(range)).build();
                    done.add(pool.submit(() -> run(options, c, writePoint(c), postgres(options), endpoint, settings,
                            task)));
                }
                for (Future<BenchReporter> f : done) {
                    BenchReporter o = f.get();
                    if (!o.failure.isEmpty()) {
                        throw new IllegalStateException(c.name() + " range task failed: " + o.failure);
                    }
                    created[round] += o.counts.getCreated() + o.counts.getUpdated();
                }
                seconds[round] = (System.nanoTime() - start) / 1e9;
                pool.shutdown();
            }
        }
        return new Scaling(c.name(), tasks, options.workers(), seconds[0], seconds[1], created[0], created[1]);
    }

    static void print(Report report, Options options, PrintStream out) {
        out.printf("%ncrmsync CRM benchmark: %,d records per CRM against the CRM emulator (default rate limits)%n",
                options.records());
        out.printf("%-11s %-28s %-28s %-9s %-6s %s%n", "CRM", "write calls (minimum)", "read calls (minimum)",
                "overhead", "429s", "within 5% of minimum");
        for (Economy e : report.economy()) {
            out.printf(Locale.ROOT, "%-11s %-28s %-28s %-9d %-6d %s%n", e.crm(),
                    e.writeCalls() + " (" + e.writeMinimum() + ") " + perTenThousand(e.writeCalls(), e.records())
                            + "/10k",
                    e.readCalls() + " (" + e.readMinimum() + ") " + perTenThousand(e.readCalls(), e.records())
                            + "/10k",
                    e.overheadCalls(), e.throttled(), e.withinFivePercent() ? "met" : "MISSED");
            out.printf(Locale.ROOT, "%-11s written %,d, read %,d; retries %.2f%% of calls (target < 1%%)%n", "",
                    e.written(), e.read(), 100.0 * e.throttled() / Math.max(1, e.writeCalls() + e.readCalls()
                            + e.overheadCalls()));
        }
        out.printf("%npartitioned write, %d ms emulated latency per call:%n", options.latencyMillis());
        for (Scaling s : report.scaling()) {
            out.printf(Locale.ROOT, "%-11s %d range tasks: 1 worker %.2f s, %d workers %.2f s -> %.2fx (target >= 3.5x) %s%n",
                    s.crm(), s.tasks(), s.oneWorkerSeconds(), s.workers(), s.workersSeconds(), s.speedUp(),
                    s.speedUp() >= 3.5 ? "met" : "MISSED");
        }
    }

    private static String perTenThousand(long calls, long records) {
        return String.format(Locale.ROOT, "%.1f", calls * 10_000.0 / records);
    }

    private static long ceil(long records, int per) {
        return (records + per - 1) / per;
    }

    private static long sum(Map<String, Long> after, Map<String, Long> before, Set<String> kinds) {
        long total = 0;
        for (String kind : kinds) {
            total += after.getOrDefault(kind, 0L) - before.getOrDefault(kind, 0L);
        }
        return total;
    }

    // ---- the PostgreSQL side ----

    private static void seed(Options options) throws SQLException {
        try (Connection c = connect(options)) {
            BenchSchema.exec(c, "DROP TABLE IF EXISTS bench_people", "DROP TABLE IF EXISTS crm_copy",
                    "CREATE TABLE bench_people (id bigint PRIMARY KEY, external_id text NOT NULL UNIQUE,"
                            + " first_name text, last_name text NOT NULL, email text, updated_at timestamptz NOT NULL)",
                    "CREATE TABLE crm_copy (crm_id text PRIMARY KEY, external_id text, first_name text,"
                            + " last_name text, email text, modified timestamptz)");
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO bench_people VALUES (?, ?, ?, ?, ?, ?)")) {
                String[] first = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Inès", "Jürgen", "Zoë"};
                String[] last = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "O'Neil", "Müller"};
                Instant base = Instant.parse("2026-01-01T00:00:00Z");
                for (int i = 1; i <= options.records(); i++) {
                    insert.setLong(1, i);
                    insert.setString(2, String.format(Locale.ROOT, "P-%07d", i));
                    insert.setString(3, first[i % first.length]);
                    insert.setString(4, last[i % last.length]);
                    insert.setString(5, "person" + i + "@example.com");
                    insert.setTimestamp(6, Timestamp.from(base.plusSeconds(i / 5)));
                    insert.addBatch();
                    if (i % 1000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            BenchSchema.exec(c, "ANALYZE bench_people");
        }
    }

    private static void truncateCopy(Options options) throws SQLException {
        try (Connection c = connect(options)) {
            BenchSchema.exec(c, "TRUNCATE crm_copy");
        }
    }

    /** Rows in crm_copy, for tests. */
    static long copied(Options options) throws SQLException {
        try (Connection c = connect(options); ResultSet rs = c.createStatement()
                .executeQuery("SELECT count(*) FROM crm_copy")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(Options options) throws SQLException {
        return DriverManager.getConnection(options.url(), options.user(), options.password());
    }

    private static EndpointAccess postgres(Options options) {
        return new EndpointAccess("bench-postgres", "bench database", PostgresConnector.TYPE,
                Map.of("jdbcUrl", options.url(), "username", options.user()), Map.of("password", options.password()));
    }

    // ---- points and tasks ----

    private static IntegrationPoint writePoint(CrmCase c) {
        IntegrationPoint.Builder point = IntegrationPoint.newBuilder().setId("write").setName("people out")
                .setSourceEndpointId("bench-postgres").setSourceObject("bench_people")
                .setTargetEndpointId("crm").setTargetObject(c.object()).setOperation(Operation.OPERATION_UPSERT)
                .addMatchKey(c.writeRules().get(0)[1]).setCursorField("updated_at");
        c.writeRules().forEach(r -> point.addFieldRules(FieldRule.newBuilder().setSourceField(r[0])
                .setTargetField(r[1])));
        return point.build();
    }

    private static IntegrationPoint readPoint(CrmCase c) {
        IntegrationPoint.Builder point = IntegrationPoint.newBuilder().setId("read").setName("people in")
                .setSourceEndpointId("crm").setSourceObject(c.object())
                .setTargetEndpointId("bench-postgres").setTargetObject("crm_copy")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey(c.readRules().get(0)[1])
                .setCursorField(c.cursorField());
        c.readRules().forEach(r -> point.addFieldRules(FieldRule.newBuilder().setSourceField(r[0])
                .setTargetField(r[1])));
        return point.build();
    }

    private static Task.Builder task(String id, RunMode mode) {
        return Task.newBuilder().setId(id).setRunId("bench-run").setIntegrationId("bench-crm")
                .setIntegrationPointId("point").setIntegrationVersion(1).setEpoch(1).setMode(mode)
                .setWindowEnd(Timestamps.of(Instant.parse("2100-01-01T00:00:00Z")));
    }

    private static io.crmsync.proto.scheduler.v1.KeyRange keyRange(KeyRange range) {
        var b = io.crmsync.proto.scheduler.v1.KeyRange.newBuilder().setField(range.field());
        if (range.lower() != null) {
            b.setLower(range.lower());
        }
        if (range.upper() != null) {
            b.setUpper(range.upper());
        }
        return b.build();
    }

    private static BenchReporter runOne(Options options, CrmCase c, IntegrationPoint point, EndpointAccess from,
            EndpointAccess to, TransferSettings settings) {
        BenchReporter outcome = run(options, c, point, from, to, settings, task("task", RunMode.RUN_MODE_FULL).build());
        if (!outcome.failure.isEmpty() && outcome.ranges.isEmpty()) {
            throw new IllegalStateException(c.name() + " " + point.getName() + ": " + outcome.failure);
        }
        return outcome;
    }

    private static BenchReporter run(Options options, CrmCase c, IntegrationPoint point, EndpointAccess from,
            EndpointAccess to, TransferSettings settings, Task task) {
        Integration integration = Integration.newBuilder().setId("bench-crm").setName("bench " + c.name())
                .setVersion(1).setAllowNewRecords(true).setUpdateExisting(true).addPoints(point).build();
        TaskDefinition definition = new TaskDefinition(integration, point, from, to, Map.of());
        BenchReporter outcome = new BenchReporter();
        new TransferRunner(t -> definition, outcome, ConnectorRegistry.of(new PostgresConnector(), c.connector()),
                settings).run(task, new TaskControl());
        return outcome;
    }
}
