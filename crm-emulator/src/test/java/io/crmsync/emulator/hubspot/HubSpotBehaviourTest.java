package io.crmsync.emulator.hubspot;

import io.crmsync.emulator.CrmEmulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a connector depends on: paging, the search limits, batch results, conflicts, rate limits, lag, archive. */
class HubSpotBehaviourTest {
    private CrmEmulator emulator;
    private HubSpotApi hubspot;
    private Hs hs;

    @BeforeEach
    void start() {
        emulator = CrmEmulator.start(0);
        hubspot = emulator.hubspot();
        hubspot.seedContacts(250);
        hs = new Hs(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("results").forEach(r -> out.add(r.get("id").asText()));
        return out;
    }

    @Test
    void shouldPageTheListWithAnOpaqueAfterAndIgnoreUnknownProperties() {
        assertThat(hs.get(Hs.CONTACTS).body().get("results")).hasSize(10);
        Set<String> seen = new HashSet<>();
        String after = null;
        int pages = 0;
        do {
            var page = hs.get(Hs.CONTACTS + "?limit=100&properties=email,nope" + (after == null ? "" : "&after="
                    + after));
            assertThat(page.status()).isEqualTo(200);
            JsonNode first = page.body().get("results").get(0);
            assertThat(first.get("properties").has("email")).isTrue();
            assertThat(first.get("properties").has("nope")).isFalse();
            seen.addAll(ids(page.body()));
            JsonNode next = page.body().path("paging").path("next");
            after = next.isMissingNode() ? null : next.get("after").asText().replace("=", "%3D");
            pages++;
        } while (after != null);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(250);
        assertThat(hs.get(Hs.CONTACTS + "?limit=101").status()).isEqualTo(400);
    }

    @Test
    void shouldSearchTypedFiltersSortedAndRefuseTooManyFiltersOrPagingPast10000() {
        hubspot.seedContacts(10_000);
        hubspot.searchRateLimit(100); // this test searches faster than the real 5 a second
        String since = Long.toString(emulator.now().minus(Duration.ofDays(15)).toEpochMilli());
        var page = hs.post(Hs.CONTACTS + "/search", Hs.search("lastmodifieddate", 200, null,
                "lastmodifieddate", "GTE", since));
        assertThat(page.status()).isEqualTo(200);
        int total = page.body().get("total").asInt();
        assertThat(total).isBetween(1, 10_250);
        List<Instant> times = new ArrayList<>();
        page.body().get("results").forEach(r -> times.add(Instant.parse(r.get("properties").get("lastmodifieddate")
                .asText())));
        assertThat(times).isSorted().allMatch(t -> !t.isBefore(Instant.ofEpochMilli(Long.parseLong(since))));
        assertThat(page.body().at("/paging/next/after").asText()).isEqualTo("200");

        var everything = hs.post(Hs.CONTACTS + "/search", Hs.search("hs_object_id", 200, "9800"));
        assertThat(everything.body().get("total").asInt()).isEqualTo(10_250);
        assertThat(everything.body().at("/paging/next/after").asText()).isEqualTo("10000");
        var beyond = hs.post(Hs.CONTACTS + "/search", Hs.search("hs_object_id", 200, "10000"));
        assertThat(beyond.status()).isEqualTo(400);
        assertThat(beyond.body().get("category").asText()).isEqualTo("VALIDATION_ERROR");

        String filter = "{\"propertyName\":\"city\",\"operator\":\"EQ\",\"value\":\"Oslo\"}";
        String eleven = "{\"filterGroups\":[{\"filters\":[" + String.join(",", java.util.Collections.nCopies(11,
                filter)) + "]}]}";
        assertThat(hs.post(Hs.CONTACTS + "/search", eleven).status()).isEqualTo(400);
        String group = "{\"filters\":[" + String.join(",", java.util.Collections.nCopies(6, filter)) + "]}";
        String twentySix = "{\"filterGroups\":[" + String.join(",", java.util.Collections.nCopies(4, group))
                + ",{\"filters\":[" + filter + ",filter]}]}".replace(",filter", "," + filter);
        assertThat(hs.post(Hs.CONTACTS + "/search", twentySix).status()).isEqualTo(400);
        String six = "{\"filterGroups\":[" + String.join(",", java.util.Collections.nCopies(6,
                "{\"filters\":[" + filter + "]}")) + "]}";
        assertThat(hs.post(Hs.CONTACTS + "/search", six).status()).isEqualTo(400);
        assertThat(hs.post(Hs.CONTACTS + "/search", Hs.search("email", 201, null)).status()).isEqualTo(400);
        var oslo = hs.post(Hs.CONTACTS + "/search", "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"city\","
                + "\"operator\":\"IN\",\"values\":[\"oslo\"]}]}],\"properties\":[\"city\"],\"limit\":200}");
        assertThat(oslo.body().get("results")).allMatch(r -> r.at("/properties/city").asText().equals("Oslo"));
    }

    @Test
    void shouldUpsertByUniquePropertyAndAnswer207ForAnInvalidRecord() {
        String two = "{\"inputs\":[{\"id\":\"X-1\",\"idProperty\":\"external_id\",\"properties\":{\"email\":"
                + "\"x1@example.com\",\"firstname\":\"Xa\"}},{\"id\":\"X-2\",\"idProperty\":\"external_id\","
                + "\"properties\":{\"email\":\"x2@example.com\",\"annualrevenue\":\"1200.50\"}}]}";
        var created = hs.post(Hs.CONTACTS + "/batch/upsert", two);
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().get("status").asText()).isEqualTo("COMPLETE");
        assertThat(created.body().get("results")).allMatch(r -> r.get("new").asBoolean());
        var updated = hs.post(Hs.CONTACTS + "/batch/upsert", two);
        assertThat(updated.body().get("results")).allMatch(r -> !r.get("new").asBoolean());
        assertThat(hubspot.calls().get(HubSpotApi.Kind.BATCH_UPSERT)).isEqualTo(2);

        var partial = hs.post(Hs.CONTACTS + "/batch/upsert", "{\"inputs\":[{\"id\":\"X-3\",\"idProperty\":"
                + "\"external_id\",\"properties\":{\"shoe_size\":\"42\"}},{\"id\":\"X-4\",\"idProperty\":"
                + "\"external_id\",\"properties\":{\"firstname\":\"Ok\"}}]}");
        assertThat(partial.status()).isEqualTo(207);
        assertThat(partial.body().get("numErrors").asInt()).isEqualTo(1);
        JsonNode error = partial.body().get("errors").get(0);
        assertThat(error.get("category").asText()).isEqualTo("VALIDATION_ERROR");
        assertThat(error.get("message").asText()).startsWith("Property values were not valid")
                .contains("PROPERTY_DOESNT_EXIST");
        assertThat(error.at("/context/ids/0").asText()).isEqualTo("X-3");
        assertThat(partial.body().get("results")).hasSize(1);
        assertThat(hubspot.find("contacts", "external_id", "X-4")).isNotNull();
        assertThat(hubspot.find("contacts", "external_id", "X-3")).isNull();

        String tooMany = "{\"inputs\":[" + String.join(",", java.util.Collections.nCopies(101,
                "{\"id\":\"Y\",\"idProperty\":\"external_id\",\"properties\":{}}")) + "]}";
        assertThat(hs.post(Hs.CONTACTS + "/batch/upsert", tooMany).status()).isEqualTo(400);
    }

    @Test
    void shouldAnswer409ForAnEmailAnotherContactHoldsAndWriteNothing() {
        Map<String, String> existing = hubspot.find("contacts", "external_id", "C-000001");
        var single = hs.post(Hs.CONTACTS, "{\"properties\":{\"email\":\"" + existing.get("email") + "\"}}");
        assertThat(single.status()).isEqualTo(409);
        assertThat(single.body().get("message").asText())
                .isEqualTo("Contact already exists. Existing ID: " + existing.get("hs_object_id"));
        var batch = hs.post(Hs.CONTACTS + "/batch/upsert", "{\"inputs\":[{\"id\":\"N-1\",\"idProperty\":"
                + "\"external_id\",\"properties\":{\"email\":\"fresh@example.com\"}},{\"id\":\"N-2\",\"idProperty\":"
                + "\"external_id\",\"properties\":{\"email\":\"" + existing.get("email").toUpperCase() + "\"}}]}");
        assertThat(batch.status()).isEqualTo(409);
        assertThat(batch.body().get("category").asText()).isEqualTo("CONFLICT");
        assertThat(hubspot.find("contacts", "external_id", "N-1")).isNull();
    }

    @Test
    void shouldAnswer429WithHubSpotsBodyAndHeadersOverEachLimit() {
        hubspot.rateLimit(3, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            var ok = hs.get(Hs.CONTACTS);
            assertThat(ok.header("X-HubSpot-RateLimit-Remaining")).isEqualTo(Integer.toString(2 - i));
            assertThat(ok.header("X-HubSpot-RateLimit-Interval-Milliseconds")).isEqualTo("10000");
        }
        var limited = hs.get(Hs.CONTACTS);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.body().get("errorType").asText()).isEqualTo("RATE_LIMIT");
        assertThat(limited.body().get("policyName").asText()).isEqualTo("TEN_SECONDLY_ROLLING");
        assertThat(limited.header("X-HubSpot-RateLimit-Remaining")).isEqualTo("0");
        // Another token has its own burst allowance; search has its per-second limit on top.
        hs.token = hs.oauthToken();
        hubspot.rateLimit(100, Duration.ofSeconds(10)).searchRateLimit(2);
        emulator.clock(Clock.fixed(Instant.now(), ZoneOffset.UTC));
        assertThat(hs.post(Hs.CONTACTS + "/search", "{}").status()).isEqualTo(200);
        assertThat(hs.post(Hs.CONTACTS + "/search", "{}").status()).isEqualTo(200);
        var secondly = hs.post(Hs.CONTACTS + "/search", "{}");
        assertThat(secondly.status()).isEqualTo(429);
        assertThat(secondly.body().get("policyName").asText()).isEqualTo("SECONDLY");
        assertThat(secondly.body().get("message").asText()).isEqualTo("You have reached your secondly limit.");
        hubspot.dailyLimit(5, ZoneOffset.UTC);
        var daily = hs.get(Hs.CONTACTS);
        assertThat(daily.body().get("policyName").asText()).isEqualTo("DAILY");
        assertThat(daily.header("X-HubSpot-RateLimit-Daily-Remaining")).isEqualTo("0");
    }

    @Test
    void shouldShowWritesToSearchOnlyAfterTheLagWhileListAndBatchReadSeeThemAtOnce() {
        Instant t0 = Instant.now();
        emulator.clock(Clock.fixed(t0, ZoneOffset.UTC));
        hubspot.searchLag(Duration.ofSeconds(30));
        String id = hubspot.insert("contacts", Map.of("email", "late@example.com", "external_id", "L-1"));
        String byEmail = "{\"filterGroups\":[{\"filters\":[{\"propertyName\":\"email\",\"operator\":\"EQ\","
                + "\"value\":\"late@example.com\"}]}]}";
        assertThat(hs.post(Hs.CONTACTS + "/search", byEmail).body().get("total").asInt()).isZero();
        var read = hs.post(Hs.CONTACTS + "/batch/read", "{\"inputs\":[{\"id\":\"L-1\"},{\"id\":\"nope\"}],"
                + "\"idProperty\":\"external_id\",\"properties\":[\"email\"]}");
        assertThat(read.status()).isEqualTo(207);
        assertThat(read.body().at("/results/0/id").asText()).isEqualTo(id);
        assertThat(read.body().at("/errors/0/category").asText()).isEqualTo("OBJECT_NOT_FOUND");
        emulator.clock(Clock.fixed(t0.plusSeconds(31), ZoneOffset.UTC));
        assertThat(hs.post(Hs.CONTACTS + "/search", byEmail).body().get("total").asInt()).isEqualTo(1);
    }

    @Test
    void shouldArchiveInBatchesAndListArchivedRecordsWithTheirTime() {
        List<String> ids = ids(hs.get(Hs.CONTACTS + "?limit=2").body());
        var archived = hs.post(Hs.CONTACTS + "/batch/archive", "{\"inputs\":[{\"id\":\"" + ids.get(0) + "\"},{\"id\":\""
                + ids.get(1) + "\"},{\"id\":\"999999999\"}]}");
        assertThat(archived.status()).isEqualTo(204);
        assertThat(ids(hs.get(Hs.CONTACTS + "?limit=100").body())).doesNotContainAnyElementsOf(ids);
        var gone = hs.get(Hs.CONTACTS + "?archived=true&limit=100");
        assertThat(ids(gone.body())).containsExactlyElementsOf(ids);
        assertThat(gone.body().at("/results/0/archived").asBoolean()).isTrue();
        assertThat(gone.body().at("/results/0/archivedAt").asText()).isNotEmpty();
        assertThat(hs.post(Hs.CONTACTS + "/search", "{\"limit\":200}").body().get("total").asInt()).isEqualTo(248);
    }

    @Test
    void shouldRefuseUnknownAndExpiredTokensAndRefreshThroughOAuth() {
        hs.token = "pat-na1-wrong";
        var unknown = hs.get(Hs.CONTACTS);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body().get("category").asText()).isEqualTo("INVALID_AUTHENTICATION");
        hs.token = hs.oauthToken();
        assertThat(hs.get(Hs.CONTACTS).status()).isEqualTo(200);
        hubspot.expireTokensAfterCalls(1);
        assertThat(hs.get(Hs.CONTACTS).status()).isEqualTo(200);
        var expired = hs.get(Hs.CONTACTS);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.body().get("category").asText()).isEqualTo("EXPIRED_AUTHENTICATION");
        assertThat(expired.body().get("message").asText()).matches(
                "The OAuth token used to make this call expired \\d+ second\\(s\\) ago\\.");
        hs.token = hs.oauthToken();
        assertThat(hs.get(Hs.CONTACTS).status()).isEqualTo(200);
        var bad = hs.form("/oauth/v1/token", "grant_type=refresh_token&client_id=crmsync-client"
                + "&client_secret=crmsync-secret&refresh_token=stale");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("status").asText()).isEqualTo("BAD_REFRESH_TOKEN");
        assertThat(hubspot.calls().get(HubSpotApi.Kind.TOKEN)).isEqualTo(3);
    }

    @Test
    void shouldDescribePropertiesWithTypesUniquenessAndReadOnlyValues() {
        var props = hs.get("/crm/v3/properties/contacts");
        assertThat(props.status()).isEqualTo(200);
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        props.body().get("results").forEach(p -> byName.put(p.get("name").asText(), p));
        assertThat(byName.get("lastmodifieddate").get("type").asText()).isEqualTo("datetime");
        assertThat(byName.get("lastmodifieddate").at("/modificationMetadata/readOnlyValue").asBoolean()).isTrue();
        assertThat(byName.get("external_id").get("hasUniqueValue").asBoolean()).isTrue();
        assertThat(byName.get("email").at("/modificationMetadata/readOnlyValue").asBoolean()).isFalse();
        assertThat(hs.get("/crm/v3/properties/companies").body().get("results").toString())
                .contains("hs_lastmodifieddate");
        assertThat(hs.get("/crm/v3/properties/widgets").status()).isEqualTo(400);
    }
}
