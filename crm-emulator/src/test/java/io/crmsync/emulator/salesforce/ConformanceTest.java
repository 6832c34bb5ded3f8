package io.crmsync.emulator.salesforce;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.JsonShape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator's answers have the structure of recorded real Salesforce responses. */
class ConformanceTest {
    private static CrmEmulator emulator;
    private static Sf sf;

    @BeforeAll
    static void start() {
        emulator = CrmEmulator.start(0);
        emulator.salesforce().seedContacts(450);
        sf = new Sf(emulator);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static void assertShape(String fixture, JsonNode actual, String... extraKeys) {
        assertThat(JsonShape.diff(Sf.fixture(fixture), actual, Set.of(extraKeys))).isEmpty();
    }

    @Test
    void queryPagesAndEmpty() {
        var first = sf.query("SELECT LastName FROM Contact",
                "Sforce-Query-Options", "batchSize=200");
        assertThat(first.status()).isEqualTo(200);
        assertShape("salesforce-restforce/query_paginated_first_page_response.json", first.body(),
                "LastName", "Text_Label");
        var last = sf.get(first.body().get("nextRecordsUrl").asText()
                .replace("-200", "-400"));
        assertShape("salesforce-restforce/query_paginated_last_page_response.json", last.body(), "LastName", "Text_Label");
        var empty = sf.query("SELECT Id FROM Contact WHERE Email = 'nobody@example.com'");
        assertShape("salesforce-restforce/query_empty_response.json", empty.body());
    }

    @Test
    void describeAndNotFound() {
        assertShape("salesforce-restforce/sobject_describe_success_response.json",
                sf.get(Sf.V + "/sobjects/Contact/describe").body());
        var missing = sf.get(Sf.V + "/sobjects/Whizbang/describe");
        assertThat(missing.status()).isEqualTo(404);
        assertShape("salesforce-restforce/sobject_describe_error_response.json", missing.body());
    }

    @Test
    void authSuccessAndError() {
        var ok = sf.form("/services/oauth2/token",
                "grant_type=client_credentials&client_id=crmsync&client_secret=crmsync-secret");
        assertShape("salesforce-restforce/auth_success_response.json", ok.body(), "token_type");
        assertThat(ok.body().has("expires_in")).isFalse();
        var bad = sf.form("/services/oauth2/token",
                "grant_type=client_credentials&client_id=crmsync&client_secret=wrong");
        assertThat(bad.status()).isEqualTo(400);
        assertShape("salesforce-restforce/auth_error_response.json", bad.body());
        assertThat(bad.body().get("error_description").asText()).isEqualTo("authentication failure");
        var refresh = sf.form("/services/oauth2/token",
                "grant_type=refresh_token&client_id=crmsync&refresh_token=" + emulator.salesforce().refreshToken());
        assertShape("salesforce-restforce/refresh_success_response.json", refresh.body(), "token_type");
    }

    @Test
    void replicationShapes() {
        String start = Instant.now().minus(10, ChronoUnit.DAYS).toString();
        String end = Instant.now().plus(1, ChronoUnit.HOURS).toString();
        var updated = sf.get(Sf.V + "/sobjects/Contact/updated/?start=" + start + "&end=" + end);
        assertThat(updated.body().get("ids").size()).isPositive();
        assertShape("salesforce-restforce/get_updated_success_response.json", updated.body());
        String id = updated.body().get("ids").get(0).asText();
        // Windows stop at the last whole minute, so the delete must lie before it to be covered.
        emulator.clock(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-2)));
        assertThat(sf.delete(Sf.V + "/sobjects/Contact/" + id).status()).isEqualTo(204);
        emulator.clock(Clock.systemUTC());
        var deleted = sf.get(Sf.V + "/sobjects/Contact/deleted/?start=" + start + "&end=" + end);
        assertThat(deleted.body().get("deletedRecords").size()).isEqualTo(1);
        assertShape("salesforce-restforce/get_deleted_success_response.json", deleted.body());
    }

    @Test
    void errorEnvelopes() {
        var tooMany = sf.patch(Sf.V + "/composite/sobjects/Contact/External_Id__c",
                "{\"records\":[" + "{\"LastName\":\"x\"},".repeat(200) + "{\"LastName\":\"x\"}]}");
        assertThat(tooMany.status()).isEqualTo(400);
        // The composite fixture's failed item body is the same {message, errorCode, fields} envelope.
        assertShape("salesforce-camel/composite_response_example_failure.json",
                Sf.JSON.createObjectNode().set("compositeResponse", Sf.JSON.createArrayNode().add(
                        Sf.JSON.createObjectNode().<com.fasterxml.jackson.databind.node.ObjectNode>set("body",
                                        tooMany.body())
                                .<com.fasterxml.jackson.databind.node.ObjectNode>set("httpHeaders",
                                        Sf.JSON.createObjectNode())
                                .put("httpStatusCode", tooMany.status()).put("referenceId", "r"))));
        assertShape("salesforce-restforce/query_error_response.json",
                sf.query("SELECT Nope FROM Contact").body());
        assertThat(JsonShape.diff(Sf.fixture("salesforce-camel/limits.json").get("DailyApiRequests"),
                sf.get(Sf.V + "/limits").body().get("DailyApiRequests"), Set.of())).isEmpty();
    }

    @Test
    void expiredSession() {
        Sf other = new Sf(emulator);
        emulator.salesforce().expireAllTokens();
        var expired = other.query("SELECT Id FROM Contact");
        assertThat(expired.status()).isEqualTo(401);
        assertShape("salesforce-restforce/expired_session_response.json", expired.body());
        sf = new Sf(emulator);
    }
}
