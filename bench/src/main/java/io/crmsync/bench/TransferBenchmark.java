package io.crmsync.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code bin/crmsync bench}: moves a CRM-like contacts table through PostgreSQL's own bulk paths and through
 * crmsync's real pipeline, in the same run on the same server, and prints each crmsync figure as a ratio to its
 * baseline. crmsync runs in child JVMs limited to the worker's heap, one per scenario; the baselines run here.
 *
 * <pre>
 * bin/crmsync bench [--rows 1000000] [--url jdbc:postgresql://localhost:5432/crmsync_bench] [--user postgres]
 *                   [--batch-size 2000] [--fetch-size 5000] [--heap 512m] [--naive-rows 20000]
 * </pre>
 */
public final class TransferBenchmark {

    /** What to run. */
    record Options(String url, String user, String password, long rows, int batchSize, int fetchSize, String heap,
            long naiveRows, Path logFile) {

        static Options parse(String[] args) {
            String url = "jdbc:postgresql://localhost:5432/crmsync_bench";
            String user = "postgres";
            long rows = 1_000_000;
            int batchSize = 2000; // the worker's defaults (application.properties)
            int fetchSize = 5000;
            String heap = "512m";
            long naiveRows = 20_000;
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--url" -> url = value;
                    case "--user" -> user = value;
                    case "--rows" -> rows = Long.parseLong(value.replace("_", ""));
                    case "--batch-size" -> batchSize = Integer.parseInt(value);
                    case "--fetch-size" -> fetchSize = Integer.parseInt(value);
                    case "--heap" -> heap = value;
                    case "--naive-rows" -> naiveRows = Long.parseLong(value.replace("_", ""));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; known: --rows --url --user --batch-size --fetch-size --heap --naive-rows");
                }
                i++;
            }
            return new Options(url, user, System.getenv().getOrDefault("CRMSYNC_BENCH_PG_PASSWORD", ""), rows,
                    batchSize, fetchSize, heap, Math.min(naiveRows, rows), Path.of("bench-worker.log"));
        }
    }

    /** One crmsync run, as its worker JVM reported it. */
    record WorkerRun(String outcome, double seconds, long read, long created, long updated, long unchanged,
            long rejected, long batches, double p50Millis, double p99Millis, double peakHeapMb, String failure) {

        double rowsPerSecond() {
            return read / seconds;
        }
    }

    /** Everything measured. */
    record Report(long rows, double copyPipeSeconds, double stageMergeSeconds, long naiveRows, double naiveSeconds,
            WorkerRun full, WorkerRun upsertAll, WorkerRun upsertNone, long rewrittenByUpsertNone,
            WorkerRun incremental, boolean targetMatchesSource) {
    }

    private TransferBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Report report = run(options, System.out);
        print(report, options, System.out);
    }

    static Report run(Options options, java.io.PrintStream log) throws SQLException, IOException,
            InterruptedException {
        ensureDatabase(options);
        try (Connection a = connect(options); Connection b = connect(options)) {
            log.printf("seeding %,d contacts ...%n", options.rows());
            BenchSchema.create(a);
            BenchSchema.seed(a, options.rows());

            log.println("baseline: binary COPY pipe (full load) ...");
            double pipe = seconds(() -> Baselines.binaryCopyPipe(a, b));
            log.println("crmsync: full load into an empty table ...");
            WorkerRun full = worker(options, "full");

            BenchSchema.changeAll(a);
            log.println("crmsync: upsert, every row changed ...");
            WorkerRun upsertAll = worker(options, "full");
            log.println("baseline: COPY -> stage -> INSERT ... ON CONFLICT (every row changed) ...");
            double merge = seconds(() -> Baselines.copyStageMerge(a, b));

            long xidBefore = queryLong(a, "SELECT txid_current()");
            log.println("crmsync: upsert, no row changed ...");
            WorkerRun upsertNone = worker(options, "full");
            long rewritten = queryLong(a, "SELECT count(*) FROM dst WHERE xmin::text::bigint >= " + xidBefore);

            log.printf("baseline: naive row-by-row upsert of %,d rows ...%n", options.naiveRows());
            double naive = seconds(() -> Baselines.naiveRowLoop(a, b, options.naiveRows()));

            BenchSchema.changeOnePercent(a);
            log.println("crmsync: incremental, 1% of rows changed ...");
            WorkerRun incremental = worker(options, "incremental");

            // crmsync reads a wall clock that the fall-back hour repeats as its earlier instant; PostgreSQL's
            // AT TIME ZONE as the later one.
            String zone = "'" + BenchSchema.SOURCE_ZONE + "'";
            boolean matches = queryLong(a, """
                    SELECT count(*) FROM src s JOIN dst d USING (id),
                           LATERAL (SELECT s.created_at AT TIME ZONE %1$s AS later) t
                    WHERE d.score = s.score AND d.updated_at = s.updated_at AND d.email = s.email
                      AND d.created_at = CASE WHEN (t.later - interval '1 hour') AT TIME ZONE %1$s = s.created_at
                                              THEN t.later - interval '1 hour' ELSE t.later END"""
                    .formatted(zone)) == options.rows() && queryLong(a, "SELECT count(*) FROM dst") == options.rows();
            return new Report(options.rows(), pipe, merge, options.naiveRows(), naive, full, upsertAll, upsertNone,
                    rewritten, incremental, matches);
        }
    }

    static void print(Report r, Options o, java.io.PrintStream out) {
        double pipeRate = r.rows() / r.copyPipeSeconds();
        double mergeRate = r.rows() / r.stageMergeSeconds();
        double naiveRate = r.naiveRows() / r.naiveSeconds();
        out.printf(Locale.ROOT, "%ncrmsync transfer benchmark: %,d contacts, batch %d, worker heap limit %s%n",
                r.rows(), o.batchSize(), o.heap());
        out.printf(Locale.ROOT, "%-44s %12s %9s %10s %10s %10s%n", "scenario", "rows/s", "seconds", "p50 ms",
                "p99 ms", "heap MB");
        line(out, "baseline binary COPY pipe (full load)", pipeRate, r.copyPipeSeconds());
        line(out, "baseline COPY->stage->ON CONFLICT (upsert)", mergeRate, r.stageMergeSeconds());
        line(out, "baseline naive row loop (" + r.naiveRows() + " rows)", naiveRate, r.naiveSeconds());
        line(out, "crmsync full load", r.full());
        line(out, "crmsync upsert 100% changed", r.upsertAll());
        line(out, "crmsync upsert 0% changed", r.upsertNone());
        line(out, "crmsync incremental 1% changed", r.incremental());
        out.println();
        target(out, "full load vs binary COPY pipe", r.full().rowsPerSecond() / pipeRate, 0.8);
        target(out, "upsert-all vs COPY->stage->merge", r.upsertAll().rowsPerSecond() / mergeRate, 0.9);
        target(out, "0% changed speed-up over 100% changed", r.upsertAll().seconds() / r.upsertNone().seconds(), 2.0);
        out.printf(Locale.ROOT, "  %-44s %d (target 0) %s%n", "rows rewritten by the 0% run",
                r.rewrittenByUpsertNone(), r.rewrittenByUpsertNone() == 0 ? "met" : "MISSED");
        target(out, "full load vs naive row loop", r.full().rowsPerSecond() / naiveRate, 15);
        target(out, "upsert-all vs naive row loop", r.upsertAll().rowsPerSecond() / naiveRate, 15);
        double peak = List.of(r.full(), r.upsertAll(), r.upsertNone(), r.incremental()).stream()
                .mapToDouble(WorkerRun::peakHeapMb).max().orElse(0);
        out.printf(Locale.ROOT, "  %-44s %.0f MB (limit 512 MB) %s%n", "worker peak heap", peak,
                peak <= 512 ? "met" : "MISSED");
        out.printf(Locale.ROOT, "  %-44s %s%n", "target = source after all runs", r.targetMatchesSource());
    }

    private static void line(java.io.PrintStream out, String name, double rate, double seconds) {
        out.printf(Locale.ROOT, "%-44s %,12.0f %9.2f%n", name, rate, seconds);
    }

    private static void line(java.io.PrintStream out, String name, WorkerRun run) {
        out.printf(Locale.ROOT, "%-44s %,12.0f %9.2f %10.1f %10.1f %10.0f   %s read=%d created=%d updated=%d "
                + "unchanged=%d rejected=%d%n", name, run.rowsPerSecond(), run.seconds(), run.p50Millis(),
                run.p99Millis(), run.peakHeapMb(), run.outcome(), run.read(), run.created(), run.updated(),
                run.unchanged(), run.rejected());
    }

    private static void target(java.io.PrintStream out, String name, double ratio, double goal) {
        out.printf(Locale.ROOT, "  %-44s %6.2fx (target >= %.1fx) %s%n", name, ratio, goal,
                ratio >= goal ? "met" : "MISSED");
    }

    /** Runs one crmsync scenario in a child JVM with the worker's heap limit. */
    static WorkerRun worker(Options options, String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + options.heap(), "-cp",
                System.getProperty("java.class.path"), BenchWorker.class.getName(), options.url(), options.user(),
                mode, Integer.toString(options.batchSize()), Integer.toString(options.fetchSize())));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(options.logFile().toFile()));
        builder.environment().put("CRMSYNC_BENCH_PG_PASSWORD", options.password());
        Process process = builder.start();
        String result = null;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith("RESULT ")) {
                    result = line.substring("RESULT ".length());
                }
            }
        }
        process.waitFor();
        if (result == null) {
            throw new IllegalStateException("the worker JVM printed no result (exit " + process.exitValue()
                    + "); see " + options.logFile().toAbsolutePath());
        }
        JsonNode json = new ObjectMapper().readTree(result);
        WorkerRun run = new WorkerRun(json.get("outcome").asText(), json.get("seconds").asDouble(),
                json.get("read").asLong(), json.get("created").asLong(), json.get("updated").asLong(),
                json.get("unchanged").asLong(), json.get("rejected").asLong(), json.get("batches").asLong(),
                json.get("p50Millis").asDouble(), json.get("p99Millis").asDouble(),
                json.get("peakHeapMb").asDouble(), json.get("failure").asText());
        if (!run.outcome().equals("SUCCEEDED")) {
            throw new IllegalStateException("crmsync " + mode + " run ended " + run.outcome() + ": " + run.failure()
                    + " (log: " + options.logFile().toAbsolutePath() + ")");
        }
        return run;
    }

    private interface SqlWork {
        long run() throws SQLException;
    }

    private static double seconds(SqlWork work) throws SQLException {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(Options options) throws SQLException {
        return DriverManager.getConnection(options.url(), options.user(), options.password());
    }

    /** Creates the benchmark's database when it does not exist yet. */
    private static void ensureDatabase(Options options) throws SQLException {
        int slash = options.url().lastIndexOf('/');
        int query = options.url().indexOf('?', slash);
        String name = options.url().substring(slash + 1, query < 0 ? options.url().length() : query);
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("--url must name a database of a-z, 0-9 and _: " + name);
        }
        String admin = options.url().substring(0, slash + 1) + "postgres" + (query < 0 ? "" : options.url()
                .substring(query));
        try (Connection c = DriverManager.getConnection(admin, options.user(), options.password());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
            if (!rs.next()) {
                s.execute("CREATE DATABASE " + name);
            }
        }
    }
}
