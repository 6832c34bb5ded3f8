package io.crmsync.worker.connector.hubspot;

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
import java.time.LocalDate;

import org.jboss.logging.Logger;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.hubspot.HubSpotJson.ApiError;

/**
 * One authenticated conversation with a HubSpot portal. A private-app token is sent as it is; with OAuth the client
 * refreshes the access token when it has less than a minute left and once more when a call answers 401, then
 * repeats that call, so a token expiring mid-run does not stop the run. Not thread-safe, like its session.
 */
final class HubSpotClient {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);
    /** Refresh this long before the token's announced expiry, so no call goes out with a token about to lapse. */
    static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    /** HubSpot's burst interval, when a 429 does not say it. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(HubSpotClient.class);

    private final HubSpotSettings settings;
    private final HttpClient http;
    private final Clock clock;
    private String accessToken;
    private Instant expiresAt;
    private String refreshToken;

    /** An HTTP answer: status, body, and the headers the connector reads. */
    record Response(int status, String body, String retryAfter, String intervalMillis, String dailyRemaining,
            String daily) {

        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    HubSpotClient(HubSpotSettings settings, HttpClient http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.refreshToken = settings.refreshToken();
        if (!settings.oauth()) {
            accessToken = settings.accessToken();
        }
    }

    /** Never follows redirects, so the bearer token only goes to the configured host. */
    static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    HubSpotSettings settings() {
        return settings;
    }

    /** Gets a fresh OAuth access token with the refresh token; HubSpot may hand out a new refresh token too. */
    void refresh() {
        String form = "grant_type=refresh_token&client_id=" + encode(settings.clientId()) + "&client_secret="
                + encode(settings.clientSecret()) + "&refresh_token=" + encode(refreshToken);
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/oauth/v1/token"))
                .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Response response;
        try {
            response = exchange(request);
        } catch (ConnectorException e) {
            if (e.getCause() instanceof ConnectException) {
                throw new ConnectorException(Reason.UNREACHABLE, "hubspot endpoint '" + settings.name()
                        + "': cannot reach " + settings.baseUrl().getHost(), e.getCause());
            }
            throw e;
        }
        if (!response.ok()) {
            if (response.status() >= 500 || response.status() == 429) {
                throw failure(response, "token refresh");
            }
            ApiError error = HubSpotJson.error(response.body());
            throw new ConnectorException(Reason.AUTHENTICATION, "hubspot endpoint '" + settings.name()
                    + "' refused the OAuth credential: " + (error.category().isEmpty() ? "HTTP " + response.status()
                            : error.category() + ": " + error.message()));
        }
        HubSpotJson.Token token = HubSpotJson.token(response.body());
        accessToken = token.accessToken();
        expiresAt = clock.instant().plusSeconds(token.expiresIn());
        if (!token.refreshToken().isEmpty()) {
            refreshToken = token.refreshToken();
        }
    }

    /**
     * Sends a call, refreshing an OAuth token first when it is (nearly) expired and once more on 401.
     *
     * @param pathAndQuery e.g. {@code /crm/v3/objects/contacts?limit=100}
     * @param json the body, or null
     */
    Response call(String method, String pathAndQuery, String json) {
        if (settings.oauth() && (accessToken == null
                || !clock.instant().plus(REFRESH_MARGIN).isBefore(expiresAt))) {
            refresh();
        }
        Response response = exchange(request(method, pathAndQuery, json));
        if (response.status() == 401 && settings.oauth()) {
            LOG.debugf("hubspot endpoint '%s': access token refused (%s), refreshing", settings.name(),
                    HubSpotJson.error(response.body()).category());
            refresh();
            response = exchange(request(method, pathAndQuery, json));
        }
        return response;
    }

    /** Like {@link #call} but fails unless HubSpot answered 2xx; returns the body. */
    String ok(String method, String pathAndQuery, String json, String what) {
        Response response = call(method, pathAndQuery, json);
        if (!response.ok()) {
            throw failure(response, what);
        }
        return response.body();
    }

    /**
     * The failure an answer means. A 429 waits as long as its policy needs: a second for search's per-second limit,
     * the burst interval for the rolling limit, until the portal's midnight for the daily one; 5xx may pass; 400
     * and 404 say the task asks for something the portal does not have.
     */
    ConnectorException failure(Response response, String what) {
        ApiError error = HubSpotJson.error(response.body());
        String message = "hubspot " + what + " failed: HTTP " + response.status()
                + (error.category().isEmpty() ? "" : " " + error.category())
                + (error.message().isEmpty() ? "" : ": " + error.message());
        int status = response.status();
        if (status == 429) {
            return ConnectorException.rateLimited(message, wait(response, error));
        }
        if (status >= 500) {
            return new ConnectorException(Reason.TRANSIENT, message);
        }
        if (status == 401) {
            return new ConnectorException(Reason.AUTHENTICATION, message);
        }
        if (status == 400 || status == 404) {
            return new ConnectorException(Reason.CONFIGURATION, message);
        }
        return new ConnectorException(Reason.REFUSED, message);
    }

    private Duration wait(Response response, ApiError error) {
        if (response.retryAfter() != null && response.retryAfter().trim().matches("\\d+")) {
            return Duration.ofSeconds(Long.parseLong(response.retryAfter().trim()));
        }
        return switch (error.policyName()) {
            case "DAILY" -> Duration.between(clock.instant(), LocalDate.ofInstant(clock.instant(), settings.timeZone())
                    .plusDays(1).atStartOfDay(settings.timeZone()).toInstant());
            case "SECONDLY" -> Duration.ofSeconds(1);
            default -> response.intervalMillis() != null && response.intervalMillis().matches("\\d+")
                    ? Duration.ofMillis(Long.parseLong(response.intervalMillis())) : DEFAULT_INTERVAL;
        };
    }

    private HttpRequest request(String method, String pathAndQuery, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.baseUrl() + pathAndQuery))
                .timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + accessToken)
                .header("Accept", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        return builder.build();
    }

    private Response exchange(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConnectorException(Reason.TRANSIENT, "hubspot endpoint '" + settings.name() + "': call to "
                    + request.uri().getHost() + " failed: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorException(Reason.TRANSIENT, "hubspot call interrupted", e);
        }
        var headers = response.headers();
        return new Response(response.statusCode(), response.body(), headers.firstValue("Retry-After").orElse(null),
                headers.firstValue("X-HubSpot-RateLimit-Interval-Milliseconds").orElse(null),
                headers.firstValue("X-HubSpot-RateLimit-Daily-Remaining").orElse(null),
                headers.firstValue("X-HubSpot-RateLimit-Daily").orElse(null));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
