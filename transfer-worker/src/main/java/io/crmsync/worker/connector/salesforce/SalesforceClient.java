package io.crmsync.worker.connector.salesforce;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import io.crmsync.common.net.HostPolicy;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.HttpFailures;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.salesforce.SalesforceJson.ApiError;
import io.crmsync.worker.connector.salesforce.SalesforceJson.Token;

/**
 * One authenticated conversation with a Salesforce org. Salesforce tokens carry no expiry, so the client keeps its
 * token until a call answers 401 and then authenticates once more and repeats that call. Not thread-safe, like the
 * session that owns it.
 */
final class SalesforceClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** How long to wait after REQUEST_LIMIT_EXCEEDED, which comes without Retry-After. */
    static final Duration LIMIT_WAIT = Duration.ofSeconds(60);

    private static final Logger LOG = Logger.getLogger(SalesforceClient.class);

    private final SalesforceSettings settings;
    private final HttpClient http;
    private Token token;

    /** Where the token answer may send later calls (with the bearer token): the worker's SSRF policy. */
    private final HostPolicy hosts;

    SalesforceClient(SalesforceSettings settings, HttpClient http, HostPolicy hosts) {
        this.settings = settings;
        this.http = http;
        this.hosts = hosts;
    }

    /** A client with the connector's timeouts; it never follows redirects, so calls stay on the org's hosts. */
    static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An HTTP answer: status, body, and the header values the connector reads. */
    record Response(int status, String body, String retryAfter) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    SalesforceSettings settings() {
        return settings;
    }

    /** Gets a token with the endpoint's flow; the answer's {@code instance_url} is where later calls go. */
    void authenticate() {
        Map<String, String> form = new LinkedHashMap<>();
        if (settings.jwt() != null) {
            // A new assertion every time: each is valid for three minutes, and a 401 later needs a fresh one.
            form.put("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer");
            form.put("assertion", settings.jwt().sign(settings.clientId(), settings.username(),
                    jwtAudience(settings.loginUrl()), Instant.now()));
        } else {
            form.put("grant_type", settings.authFlow());
            form.put("client_id", settings.clientId());
            form.put("client_secret", settings.clientSecret());
            if (settings.authFlow().equals("refresh_token")) {
                form.put("refresh_token", settings.refreshToken());
            }
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.loginUrl() + "/services/oauth2/token"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        Response response;
        try {
            response = exchange(request);
        } catch (ConnectorException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new ConnectorException(Reason.UNREACHABLE, "salesforce endpoint '" + settings.name()
                        + "': cannot reach " + settings.loginUrl().getHost(), e.getCause());
            }
            throw e;
        }
        if (response.ok()) {
            token = SalesforceJson.token(response.body());
            URI instance = URI.create(token.instanceUrl());
            if (!"https".equals(instance.getScheme()) && !settings.loginUrl().getScheme().equals(instance.getScheme())) {
                throw new ConnectorException(Reason.AUTHENTICATION, "salesforce endpoint '" + settings.name()
                        + "': the token answer names an instance that is not https");
            }
            Optional<String> refusal = hosts.refusal(instance.getHost() == null ? "" : instance.getHost());
            if (refusal.isPresent()) {
                token = null;
                throw new ConnectorException(Reason.CONFIGURATION, "salesforce endpoint '" + settings.name()
                        + "': the token answer's instance_url host '" + instance.getHost() + "' " + refusal.get());
            }
            return;
        }
        if (response.status() >= 500 || response.status() == 429) {
            throw failure(response, "authentication");
        }
        throw new ConnectorException(Reason.AUTHENTICATION, "salesforce endpoint '" + settings.name()
                + "' refused the credential (flow " + settings.authFlow() + "): "
                + SalesforceJson.oauthError(response.body()));
    }

    /**
     * The audience Salesforce accepts in a JWT bearer assertion: login.salesforce.com, or test.salesforce.com for a
     * sandbox, also when the endpoint signs in through a My Domain host; any other host (an Experience Cloud site,
     * or the emulator) is its own audience.
     */
    static String jwtAudience(URI login) {
        String host = login.getHost() == null ? "" : login.getHost().toLowerCase(java.util.Locale.ROOT);
        if (host.equals("test.salesforce.com") || host.endsWith(".sandbox.my.salesforce.com")) {
            return "https://test.salesforce.com";
        }
        if (host.endsWith("salesforce.com")) {
            return "https://login.salesforce.com";
        }
        return login.toString();
    }

    /**
     * Sends a call to the org's REST API, authenticating first when needed and once more when the token expired.
     *
     * @param path absolute path with query, e.g. {@code /services/data/v61.0/query?q=...}
     * @param json the body, or null for none
     */
    Response call(String method, String path, String json, Map<String, String> headers) {
        if (token == null) {
            authenticate();
        }
        Response response = exchange(request(method, path, json, headers));
        if (response.status() == 401) {
            LOG.debugf("salesforce endpoint '%s': session expired, authenticating again", settings.name());
            authenticate();
            response = exchange(request(method, path, json, headers));
        }
        return response;
    }

    /** Like {@link #call} but fails unless Salesforce answered 2xx; returns the body. */
    String ok(String method, String path, String json, Map<String, String> headers, String what) {
        Response response = call(method, path, json, headers);
        if (!response.ok()) {
            throw failure(response, what);
        }
        return response.body();
    }

    /**
     * The failure an unsuccessful answer means. REQUEST_LIMIT_EXCEEDED (403) and 429/503 are throttling and carry
     * a wait; other 5xx may pass; 400 and 404 say the task asks for something the org does not have.
     */
    static ConnectorException failure(Response response, String what) {
        List<ApiError> errors = SalesforceJson.errors(response.body());
        String code = errors.isEmpty() ? "" : errors.get(0).errorCode();
        String message = "salesforce " + what + " failed: " + (errors.isEmpty() ? "HTTP " + response.status()
                : errors.stream().map(e -> e.errorCode() + ": " + e.message()).collect(Collectors.joining("; ")));
        int status = response.status();
        if (status == 403 && code.equals("REQUEST_LIMIT_EXCEEDED")) {
            return ConnectorException.rateLimited(message, LIMIT_WAIT);
        }
        return HttpFailures.of(status, response.retryAfter(), message, LIMIT_WAIT);
    }

    private HttpRequest request(String method, String path, String json, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(token.instanceUrl() + path))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token.accessToken())
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        headers.forEach(builder::header);
        return builder.build();
    }

    private Response exchange(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConnectorException(Reason.TRANSIENT, "salesforce endpoint '" + settings.name()
                    + "': call to " + request.uri().getHost() + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Reason.TRANSIENT, "salesforce call interrupted", e);
        }
        response.headers().firstValue("Sforce-Limit-Info").ifPresent(usage -> LOG.debugf(
                "salesforce endpoint '%s': %s", settings.name(), usage));
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").orElse(null));
    }
}
