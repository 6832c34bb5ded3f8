package io.crmsync.emulator.hubspot;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.Fixtures;
import io.crmsync.emulator.JsonShape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator's answers have the structure of real HubSpot answers users recorded (hubspot-observed). */
class HubSpotConformanceTest {
    private static CrmEmulator emulator;
    private static Hs hs;
    private static JsonNode observed;

    @BeforeAll
    static void start() {
        emulator = CrmEmulator.start(0);
        emulator.hubspot().seedContacts(20);
        hs = new Hs(emulator);
        observed = Fixtures.json("hubspot-observed/observed-responses.json");
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static void assertShape(String entry, JsonNode actual) {
        assertThat(JsonShape.diff(observed.get(entry).get("body"), actual, Set.of())).isEmpty();
    }

    @Test
    void conflictHasTheRecordedShapeAndMessage() {
        Map<String, String> existing = emulator.hubspot().find("contacts", "external_id", "C-000002");
        var conflict = hs.post(Hs.CONTACTS, "{\"properties\":{\"email\":\"" + existing.get("email") + "\"}}");
        assertThat(conflict.status()).isEqualTo(observed.at("/conflict_409_duplicate_unique_value/status").asInt());
        assertShape("conflict_409_duplicate_unique_value", conflict.body());
        assertThat(conflict.body().get("message").asText()).matches("Contact already exists\\. Existing ID: \\d+");
    }

    @Test
    void everyAnswerCarriesTheRecordedRateLimitHeadersAndA429HasTheRecordedBody() {
        var ok = hs.get(Hs.CONTACTS);
        observed.at("/rate_limit_headers_on_normal_response/headers").fieldNames()
                .forEachRemaining(h -> assertThat(ok.header(h)).as(h).isNotNull());
        assertThat(ok.header("X-HubSpot-RateLimit-Max")).isEqualTo("150");
        assertThat(ok.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        Hs other = new Hs(emulator);
        other.token = other.oauthToken();
        emulator.hubspot().searchRateLimit(1);
        other.post(Hs.CONTACTS + "/search", "{}");
        var limited = other.post(Hs.CONTACTS + "/search", "{}");
        emulator.hubspot().searchRateLimit(5);
        assertThat(limited.status()).isEqualTo(429);
        assertShape("rate_limit_429_secondly", limited.body());
        assertThat(limited.body().get("message").asText())
                .isEqualTo(observed.at("/rate_limit_429_secondly/body/message").asText());
        emulator.hubspot().rateLimit(150, Duration.ofSeconds(10));
    }

    @Test
    void unauthorizedAndExpiredHaveTheRecordedShapes() {
        Hs stranger = new Hs(emulator);
        stranger.token = null;
        var missing = stranger.get(Hs.CONTACTS);
        assertThat(missing.status()).isEqualTo(401);
        assertShape("unauthorized_401_missing_or_bad_token", missing.body());
        assertThat(missing.body().get("message").asText())
                .isEqualTo(observed.at("/unauthorized_401_missing_or_bad_token/body/message").asText());
        assertThat(missing.header("x-hubspot-auth-failure")).isNotNull();

        Hs oauth = new Hs(emulator);
        oauth.token = oauth.oauthToken();
        emulator.hubspot().expireAllTokens();
        var expired = oauth.get(Hs.CONTACTS);
        JsonNode fields = observed.at("/unauthorized_401_expired_oauth_token/body_fields");
        assertThat(expired.body().get("category").asText()).isEqualTo(fields.get("category").asText());
        assertThat(expired.body().get("message").asText())
                .matches(fields.get("message").asText().replace("7", "\\d+").replace("(", "\\(").replace(")", "\\)")
                        .replace(".", "\\."));
        assertShape("unauthorized_401_missing_or_bad_token", expired.body());
    }

    @Test
    void invalidPropertyReportsTheRecordedMessageFamily() {
        var bad = hs.post(Hs.CONTACTS, "{\"properties\":{\"properties\":\"x\"}}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("category").asText()).isEqualTo("VALIDATION_ERROR");
        // The recorded legacy body: {…"message":"Property \"properties\" does not exist","error":"PROPERTY_DOESNT_EXIST","name":"properties"}
        String fragment = observed.at("/validation_400_unknown_property_legacy_v1_shape/body_fragment").asText();
        assertThat(fragment).contains("Property values were not valid");
        assertThat(bad.body().get("message").asText()).startsWith("Property values were not valid")
                .contains("\"message\":\"Property \\\"properties\\\" does not exist\",\"error\":"
                        + "\"PROPERTY_DOESNT_EXIST\",\"name\":\"properties\"");
    }
}
