package io.crmsync.worker.connector.dynamics;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jboss.logging.Logger;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.HttpFailures;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.dynamics.DynamicsJson.ApiError;
import io.crmsync.worker.connector.dynamics.DynamicsJson.Token;

/**
 * One authenticated conversation with a Dataverse organization. Entra ID tokens say when they expire, so the client
 * gets a new one shortly before that; a 401 anyway (revoked, clock skew) gets one more token and one repeat of the
 * call. Every URL the client calls is below the organization's Web API root: paging links the API sends are
 * refused otherwise, so the bearer token never leaves for another host. Not thread-safe, like its session.
 */
final class DynamicsClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** A token is replaced this long before it expires, so no call starts with one about to lapse. */
    static final Duration REFRESH_MARGIN = Duration.ofMinutes(5);
    /** How long to wait after a 429 without a usable Retry-After. */
    static final Duration DEFAULT_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = Logger.getLogger(DynamicsClient.class);

    private final DynamicsSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private Token token;
    private Instant refreshAt = Instant.MIN;

    DynamicsClient(DynamicsSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /** A client with the connector's timeouts; it never follows redirects, so calls stay on the organization. */
    static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** An HTTP answer and the headers the connector reads. */
    record Response(int status, String body, String contentType, String retryAfter) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    DynamicsSettings settings() {
        return settings;
    }

    /** Gets a token with the client-credentials flow, scope {@code <url>/.default}. */
    void authenticate() {
        String form = "grant_type=client_credentials&client_id=" + enc(settings.clientId()) + "&client_secret="
                + enc(settings.clientSecret()) + "&scope=" + enc(settings.scope());
        HttpRequest request = HttpRequest.newBuilder(settings.tokenUri()).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Response response;
        try {
            response = exchange(request);
        } catch (ConnectorException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new ConnectorException(Reason.UNREACHABLE, "dynamics endpoint '" + settings.name()
                        + "': cannot reach " + settings.authorityUrl().getHost(), e.getCause());
            }
            throw e;
        }
        if (response.ok()) {
            Instant now = clock.instant();
            token = DynamicsJson.token(response.body());
            Duration life = Duration.ofSeconds(token.expiresIn());
            Duration margin = life.compareTo(REFRESH_MARGIN.multipliedBy(2)) < 0 ? life.dividedBy(2) : REFRESH_MARGIN;
            refreshAt = now.plus(life).minus(margin);
            return;
        }
        if (response.status() >= 500 || response.status() == 429) {
            throw failure(response, "authentication");
        }
        throw new ConnectorException(Reason.AUTHENTICATION, "dynamics endpoint '" + settings.name()
                + "': Entra ID refused the client credentials of app " + settings.clientId() + " in tenant "
                + settings.tenantId() + ": " + DynamicsJson.oauthError(response.body()));
    }

    /**
     * Calls the Web API, with a fresh token when the current one is near its end and once more after a 401.
     *
     * @param pathOrUrl a path below the host such as {@code /api/data/v9.2/contacts?...}, or a link the API sent
     */
    Response call(String method, String pathOrUrl, String body, Map<String, String> headers) {
        URI uri = uri(pathOrUrl);
        if (token == null || !clock.instant().isBefore(refreshAt)) {
            authenticate();
        }
        Response response = exchange(request(method, uri, body, headers));
        if (response.status() == 401) {
            LOG.debugf("dynamics endpoint '%s': token refused, authenticating again", settings.name());
            authenticate();
            response = exchange(request(method, uri, body, headers));
        }
        return response;
    }

    /** Like {@link #call} but fails unless the API answered 2xx; returns the body. */
    String ok(String method, String pathOrUrl, String body, Map<String, String> headers, String what) {
        Response response = call(method, pathOrUrl, body, headers);
        if (!response.ok()) {
            throw failure(response, what);
        }
        return response.body();
    }

    /** A link the API sent must stay below the Web API root this endpoint names (same scheme, host and port). */
    private URI uri(String pathOrUrl) {
        if (pathOrUrl.startsWith("/")) {
            return URI.create(settings.url() + pathOrUrl);
        }
        URI link;
        try {
            link = URI.create(pathOrUrl);
        } catch (IllegalArgumentException e) {
            throw DynamicsJson.malformed("a malformed link");
        }
        URI root = URI.create(settings.serviceRoot());
        boolean same = root.getScheme().equalsIgnoreCase(String.valueOf(link.getScheme()))
                && root.getHost().equalsIgnoreCase(String.valueOf(link.getHost())) && root.getPort() == link.getPort()
                && link.getRawPath() != null && link.getRawPath().startsWith(root.getRawPath() + "/");
        if (!same) {
            throw new ConnectorException(Reason.REFUSED, "dynamics endpoint '" + settings.name() + "' sent a link "
                    + "outside its Web API root " + settings.serviceRoot() + "; the connector does not follow it");
        }
        return link;
    }

    /**
     * The failure an unsuccessful answer means, naming Dataverse's error code and message. 429 (service
     * protection) and 503 with Retry-After are throttling and carry the wait; other 5xx may pass; 400 and 404 say
     * the task asks for something the organization does not have.
     */
    static ConnectorException failure(Response response, String what) {
        ApiError error = DynamicsJson.error(response.body());
        String message = "dynamics " + what + " failed: " + (error == null ? "HTTP " + response.status()
                : error.code() + ": " + error.message());
        int status = response.status();
        return HttpFailures.of(status, response.retryAfter(), message, DEFAULT_WAIT);
    }

    private HttpRequest request(String method, URI uri, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + token.accessToken()).header("Accept", "application/json")
                .header("OData-MaxVersion", "4.0").header("OData-Version", "4.0")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
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
            throw new ConnectorException(Reason.TRANSIENT, "dynamics endpoint '" + settings.name() + "': call to "
                    + request.uri().getHost() + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Reason.TRANSIENT, "dynamics call interrupted", e);
        }
        response.headers().firstValue("x-ms-ratelimit-burst-remaining-xrm-requests").ifPresent(left -> LOG.tracef(
                "dynamics endpoint '%s': %s requests left in the service protection window", settings.name(), left));
        return new Response(response.statusCode(), response.body(),
                response.headers().firstValue("Content-Type").orElse(""),
                response.headers().firstValue("Retry-After").orElse(null));
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
