package io.crmsync.worker.connector.salesforce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny stand-in for a Salesforce org over real HTTP: it issues tokens, refuses stale ones with the recorded
 * INVALID_SESSION_ID answer, serves describe answers, and answers every other call from a script in order.
 */
final class FakeOrg implements AutoCloseable {

    static final String CLIENT_SECRET = "s3cret-value";

    /** A call the org received; {@code soql} is the decoded {@code q} parameter, when there was one. */
    record Call(String method, String path, String soql, String body, Map<String, String> headers) {
    }

    private record Answer(int status, String body, Map<String, String> headers) {
    }

    private final HttpServer server;
    private final List<Call> calls = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final Map<String, String> describes = new HashMap<>();
    private int tokensIssued;
    private String validToken;

    FakeOrg() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    void describe(String object, String body) {
        describes.put(object, body);
    }

    /** Queues the answer to the next scripted call; headers as name, value pairs. */
    void answer(int status, String body, String... headers) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            map.put(headers[i], headers[i + 1]);
        }
        synchronized (this) {
            script.add(new Answer(status, body, map));
        }
    }

    /** Ends the current session, as Salesforce's session timeout does. */
    synchronized void expireSession() {
        validToken = null;
    }

    synchronized int tokensIssued() {
        return tokensIssued;
    }

    /** The calls other than token and describe requests, in order. */
    synchronized List<Call> dataCalls() {
        return calls.stream().filter(c -> !c.path().endsWith("/describe") && !c.path().contains("/oauth2/"))
                .toList();
    }

    synchronized List<Call> calls() {
        return List.copyOf(calls);
    }

    private synchronized void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
        calls.add(new Call(exchange.getRequestMethod(), path, query.get("q"), body, headers));
        if (path.equals("/services/oauth2/token")) {
            Map<String, String> form = form(body);
            if (!CLIENT_SECRET.equals(form.get("client_secret"))) {
                send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"authentication failure\"}",
                        Map.of());
                return;
            }
            validToken = "tok-" + ++tokensIssued;
            send(exchange, 200, "{\"access_token\":\"" + validToken + "\",\"instance_url\":\"" + url()
                    + "\",\"id\":\"x\",\"token_type\":\"Bearer\",\"issued_at\":\"1278448832702\"}", Map.of());
            return;
        }
        if (validToken == null || !("Bearer " + validToken).equals(headers.get("authorization"))) {
            send(exchange, 401, "[{\"message\":\"Session expired or invalid\",\"errorCode\":\"INVALID_SESSION_ID\"}]",
                    Map.of());
            return;
        }
        if (path.endsWith("/describe")) {
            String object = path.split("/")[5];
            String describe = describes.get(object);
            send(exchange, describe == null ? 404 : 200, describe == null
                    ? "[{\"message\":\"The requested resource does not exist\",\"errorCode\":\"NOT_FOUND\"}]"
                    : describe, Map.of());
            return;
        }
        Answer answer = script.poll();
        if (answer == null) {
            send(exchange, 500, "[{\"message\":\"no scripted answer\",\"errorCode\":\"UNKNOWN_EXCEPTION\"}]", Map.of());
            return;
        }
        send(exchange, answer.status(), answer.body(), answer.headers());
    }

    private static void send(HttpExchange exchange, int status, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Sforce-Limit-Info", "api-usage=18/5000");
        headers.forEach(exchange.getResponseHeaders()::add);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new HashMap<>();
        if (encoded != null && !encoded.isEmpty()) {
            for (String pair : encoded.split("&")) {
                int eq = pair.indexOf('=');
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
