package io.crmsync.worker.connector.hubspot;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.salesforce.Fixtures;

/** The connector's reading of real HubSpot answers users recorded (shared/fixtures/hubspot-observed). */
class HubSpotJsonTest {

    private static JsonNode observed;

    @BeforeAll
    static void load() throws Exception {
        observed = HubSpotJson.MAPPER.readTree(Fixtures.read("hubspot-observed/observed-responses.json"));
    }

    private static String body(String entry) {
        return observed.get(entry).get("body").toString();
    }

    private static HubSpotClient client(Instant now) {
        EndpointAccess endpoint = new EndpointAccess("e1", "portal", "hubspot", Map.of("timeZone", "Europe/Paris"),
                Map.of("accessToken", "pat-na1-secret"));
        return new HubSpotClient(HubSpotSettings.of(endpoint), HubSpotClient.httpClient(),
                Clock.fixed(now, ZoneOffset.UTC));
    }

    private static HubSpotClient.Response response(int status, String body, String interval) {
        return new HubSpotClient.Response(status, body, null, interval, null, null);
    }

    @Test
    void shouldReadTheConflictAsCategoryAndMessageAndRejectItAsRefused() {
        HubSpotJson.ApiError error = HubSpotJson.error(body("conflict_409_duplicate_unique_value"));
        assertThat(error.category()).isEqualTo("CONFLICT");
        assertThat(error.message()).isEqualTo("Contact already exists. Existing ID: 37765128953");
        ConnectorException e = client(Instant.now()).failure(response(409,
                body("conflict_409_duplicate_unique_value"), null), "create");
        assertThat(e.reason()).isEqualTo(Reason.REFUSED);
        assertThat(e.getMessage()).isEqualTo("hubspot create failed: HTTP 409 CONFLICT: Contact already exists. "
                + "Existing ID: 37765128953");
    }

    @Test
    void shouldWaitASecondForTheSecondlyLimitAndTheIntervalForTheRollingOne() {
        HubSpotJson.ApiError error = HubSpotJson.error(body("rate_limit_429_secondly"));
        assertThat(error.category()).isEqualTo("RATE_LIMIT");
        assertThat(error.policyName()).isEqualTo("SECONDLY");
        ConnectorException secondly = client(Instant.now()).failure(response(429, body("rate_limit_429_secondly"),
                "10000"), "search");
        assertThat(secondly.isTransient()).isTrue();
        assertThat(secondly.retryAfter()).contains(Duration.ofSeconds(1));
        assertThat(secondly.getMessage()).contains("RATE_LIMIT: You have reached your secondly limit.");
        String rolling = body("rate_limit_429_secondly").replace("SECONDLY", "TEN_SECONDLY_ROLLING");
        assertThat(client(Instant.now()).failure(response(429, rolling, observed.at(
                "/rate_limit_headers_on_normal_response/headers/X-HubSpot-RateLimit-Interval-Milliseconds").asText()),
                "list").retryAfter()).contains(Duration.ofSeconds(10));
    }

    @Test
    void shouldWaitForThePortalsMidnightWhenTheDailyLimitIsReached() {
        assertThat(HubSpotJson.error(body("rate_limit_429_daily_doc_example")).policyName()).isEqualTo("DAILY");
        // 22:30 UTC in July is 00:30 in Paris: the next midnight there is 23.5 hours away.
        ConnectorException daily = client(Instant.parse("2024-07-01T22:30:00Z")).failure(response(429,
                body("rate_limit_429_daily_doc_example"), "10000"), "list");
        assertThat(daily.retryAfter()).contains(Duration.ofMinutes(23 * 60 + 30));
    }

    @Test
    void shouldTellAuthenticationFailuresApart() {
        HubSpotJson.ApiError missing = HubSpotJson.error(body("unauthorized_401_missing_or_bad_token"));
        assertThat(missing.category()).isEqualTo("INVALID_AUTHENTICATION");
        String expired = observed.at("/unauthorized_401_expired_oauth_token/body_fields").toString();
        assertThat(HubSpotJson.error(expired).category()).isEqualTo("EXPIRED_AUTHENTICATION");
        ConnectorException e = client(Instant.now()).failure(response(401, expired, null), "list");
        assertThat(e.reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(e.getMessage()).contains("expired 7 second(s) ago").doesNotContain("pat-na1-secret");
    }

    @Test
    void shouldReadAnswersThatAreNotHubSpotsEnvelope() {
        assertThat(HubSpotJson.error("<html>bad gateway</html>").category()).isEmpty();
        ConnectorException e = client(Instant.now()).failure(response(502, "<html>bad gateway</html>", null), "list");
        assertThat(e.reason()).isEqualTo(Reason.TRANSIENT);
        assertThat(e.getMessage()).isEqualTo("hubspot list failed: HTTP 502");
    }
}
