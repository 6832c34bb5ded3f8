package io.crmsync.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.crmsync.emulator.hubspot.HubSpotApi;
import io.crmsync.emulator.dataverse.DataverseApi;
import io.crmsync.emulator.salesforce.SalesforceApi;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A standalone stand-in for the CRMs crmsync speaks to, because no real CRM can run in tests, the demo or
 * benchmarks. One server hosts every emulated API on its own paths (Salesforce under {@code /services/}, HubSpot
 * under {@code /crm/v3/}, Dataverse under {@code /api/data/}); each
 * answers with the real shapes, codes and limits a connector depends on (see README.md for what is left out).
 * Start it in-process with {@link #start(int)} (port 0 picks a free one) or from the command line with
 * {@code --port}.
 */
public final class CrmEmulator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService pool;
    private final List<CrmApi> apis = new ArrayList<>();
    private final SalesforceApi salesforce;
    private final HubSpotApi hubspot;
    private final DataverseApi dataverse;
    private final AtomicInteger faultsLeft = new AtomicInteger();
    private final java.util.concurrent.atomic.LongAdder throttled = new java.util.concurrent.atomic.LongAdder();
    private volatile int faultStatus = 503;
    private volatile long latencyMillis;
    private volatile Clock clock = Clock.systemUTC();

    private CrmEmulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        pool = Executors.newFixedThreadPool(32, r -> {
            Thread t = new Thread(r, "crm-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        salesforce = mount(new SalesforceApi(this));
        hubspot = mount(new HubSpotApi(this));
        dataverse = mount(new DataverseApi(this));
        server.createContext("/", this::handle);
        server.start();
    }

    private <A extends CrmApi> A mount(A api) {
        apis.add(api);
        return api;
    }

    /** Starts an emulator on the port (0 = any free port). */
    public static CrmEmulator start(int port) {
        try {
            return new CrmEmulator(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --port N} (default 8089), {@code --seed-contacts N}: serves until killed, printing the base URL. */
    public static void main(String[] args) throws InterruptedException {
        int port = 8089;
        int contacts = 0;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--port")) {
                port = Integer.parseInt(args[i + 1]);
            } else if (args[i].equals("--seed-contacts")) {
                contacts = Integer.parseInt(args[i + 1]);
            }
        }
        CrmEmulator emulator = start(port);
        emulator.salesforce().seedContacts(contacts);
        emulator.hubspot().seedContacts(contacts);
        emulator.dataverse().seedContacts(contacts);
        System.out.println(emulator.baseUrl());
        Thread.currentThread().join();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The emulated Salesforce org: seeding, credentials, limits and call counts. */
    public SalesforceApi salesforce() {
        return salesforce;
    }

    /** The emulated HubSpot portal: tokens, seeding, limits, search lag and call counts. */
    public HubSpotApi hubspot() {
        return hubspot;
    }

    /** The emulated Dataverse organization (its URL is {@link #baseUrl()}): seeding, credentials, limits, call counts. */
    public DataverseApi dataverse() {
        return dataverse;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    // ---- knobs shared by every API ----

    /** Delay added to every request, to make call counts visible in wall-clock benchmarks. */
    public CrmEmulator latency(Duration perRequest) {
        latencyMillis = perRequest.toMillis();
        return this;
    }

    /** The next n requests, to any API, fail with this HTTP status in that API's error shape. */
    public void failNext(int n, int status) {
        faultStatus = status;
        faultsLeft.set(n);
    }

    /** The clock that stamps writes and bounds change windows; tests move it to put changes in the past. */
    public CrmEmulator clock(Clock clock) {
        this.clock = clock;
        return this;
    }

    /** Requests answered 429 (a rate limit) so far, by any API: a client's retries show here. */
    public long throttledCalls() {
        return throttled.sum();
    }

    /** The emulated server time. */
    public Instant now() {
        return clock.instant();
    }

    // ---- HTTP ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            CrmApi api = apis.stream().filter(a -> a.serves(path)).findFirst().orElse(null);
            Reply reply;
            if (api == null) {
                reply = Reply.json(404, Map.of("message", "No emulated API serves " + path));
            } else {
                Request request = new Request(ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(),
                        ex.getRequestHeaders(), ex.getRequestBody().readAllBytes());
                api.count(request);
                try {
                    if (latencyMillis > 0) {
                        Thread.sleep(latencyMillis);
                    }
                    reply = faultsLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0
                            ? api.fault(faultStatus, "Injected fault")
                            : api.handle(request);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } catch (RuntimeException e) {
                    reply = api.fault(500, String.valueOf(e));
                }
            }
            if (reply.status() == 429) {
                throttled.increment();
            }
            reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
            if (reply.body() == null) {
                ex.sendResponseHeaders(reply.status(), -1);
                return;
            }
            byte[] bytes;
            if (reply.body() instanceof byte[] raw) {
                bytes = raw;
            } else if (reply.body() instanceof String text) {
                bytes = text.getBytes(StandardCharsets.UTF_8);
            } else {
                bytes = JSON.writeValueAsBytes(reply.body());
                ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
            }
            ex.sendResponseHeaders(reply.status(), bytes.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }
}
