package io.crmsync.emulator.dataverse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.crmsync.emulator.CrmEmulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a connector depends on: auth, $filter semantics, keyset paging, change tracking, writes, batch, limits. */
class DataverseBehaviourTest {
    private CrmEmulator emulator;
    private DataverseApi api;
    private Dv dv;

    @BeforeEach
    void start() {
        emulator = CrmEmulator.start(0);
        api = emulator.dataverse();
        api.seedContacts(40);
        dv = new Dv(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private Dv.Answer filter(String filter) {
        return dv.get(Dv.V + "/contacts?$select=lastname&$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8)
                .replace("+", "%20"));
    }

    private static List<String> ids(JsonNode page, String id) {
        List<String> out = new ArrayList<>();
        page.get("value").forEach(r -> out.add(r.get(id).asText()));
        return out;
    }

    @Test
    void tokenEndpointAnswersLikeEntraId() {
        var ok = dv.token("crmsync-secret");
        assertThat(ok.body().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(ok.body().get("expires_in").asInt()).isEqualTo(3599);
        assertThat(ok.body().has("ext_expires_in")).isTrue();

        var bad = dv.token("wrong");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(bad.body().get("error").asText()).isEqualTo("invalid_client");
        assertThat(bad.body().get("error_description").asText()).startsWith("AADSTS7000215: Invalid client secret");

        var badScope = dv.form("/" + api.tenantId() + "/oauth2/v2.0/token", "grant_type=client_credentials"
                + "&client_id=crmsync&client_secret=crmsync-secret&scope=https://other.crm.dynamics.com/.default");
        assertThat(badScope.status()).isEqualTo(400);
        assertThat(badScope.body().get("error").asText()).isEqualTo("invalid_resource");
    }

    @Test
    void expiredTokensAnswer401WithTheChallenge() {
        api.expireAllTokens();
        var expired = dv.get(Dv.V + "/contacts?$top=1");
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.header("WWW-Authenticate")).startsWith("Bearer error=invalid_token");

        dv = new Dv(emulator);
        emulator.clock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(3600)));
        assertThat(dv.get(Dv.V + "/contacts?$top=1").status()).isEqualTo(401);
    }

    @Test
    void filterSemantics() {
        String oneill = api.insert("contact", Map.of("lastname", "O'Neil-Test", "firstname", "Zed",
                "emailaddress1", "zed@example.com"));
        api.insert("contact", Map.of("lastname", "Nocity"));

        assertThat(ids(filter("lastname eq 'o''neil-test'").body(), "contactid")).containsExactly(oneill);
        assertThat(ids(filter("startswith(lastname,'O''Neil-T') and contains(emailaddress1,'ZED@')").body(),
                "contactid")).containsExactly(oneill);
        assertThat(ids(filter("endswith(lastname,'-test') and not (firstname eq 'Ann' or firstname eq null)").body(),
                "contactid")).containsExactly(oneill);
        assertThat(ids(filter("contactid eq " + oneill).body(), "contactid")).containsExactly(oneill);
        assertThat(filter("address1_city eq null").body().get("value")).hasSize(2);
        // SQL semantics: a null column is neither equal nor unequal to a value.
        assertThat(filter("address1_city ne 'Berlin'").body().get("value").size()
                + filter("address1_city eq 'Berlin'").body().get("value").size()).isEqualTo(40);
        assertThat(filter("modifiedon gt 2000-01-01T00:00:00Z and numberofchildren ge 0").body().get("value"))
                .hasSize(40);

        var unknown = filter("nope eq 1");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").get("message").asText())
                .isEqualTo("Could not find a property named 'nope' on type 'Microsoft.Dynamics.CRM.contact'.");
        var incompatible = filter("numberofchildren eq 'two'");
        assertThat(incompatible.body().get("error").get("message").asText()).contains("incompatible types");
        assertThat(dv.get(Dv.V + "/contacts?$skip=10").body().get("error").get("message").asText())
                .isEqualTo("Skip Clause is not supported in CRM");
    }

    @Test
    void pagesAreKeysetPagesThatBreakTiesByPrimaryId() {
        emulator.clock(Clock.fixed(Instant.parse("2024-05-06T07:08:09Z"), ZoneOffset.UTC));
        for (int i = 0; i < 30; i++) {
            api.insert("contact", Map.of("lastname", "Tie" + i));
        }
        emulator.clock(Clock.systemUTC());
        dv = new Dv(emulator);
        List<String> seen = new ArrayList<>();
        String next = Dv.V + "/contacts?$select=modifiedon&$filter=modifiedon%20eq%202024-05-06T07:08:09Z"
                + "&$orderby=modifiedon%20asc";
        int pages = 0;
        while (next != null) {
            var page = dv.get(next, "Prefer", "odata.maxpagesize=7");
            seen.addAll(ids(page.body(), "contactid"));
            next = page.body().has("@odata.nextLink") ? page.body().get("@odata.nextLink").asText() : null;
            pages++;
        }
        assertThat(pages).isEqualTo(5);
        assertThat(seen).hasSize(30).doesNotHaveDuplicates();
        // gt on the primary id agrees with the order: the rows after the 10th are the last 20
        var after = filter("modifiedon eq 2024-05-06T07:08:09Z and contactid gt " + seen.get(9));
        assertThat(new HashSet<>(ids(after.body(), "contactid"))).isEqualTo(new HashSet<>(seen.subList(10, 30)));
        assertThat(api.calls().get(DataverseApi.Kind.NEXT_PAGE)).isEqualTo(4);
    }

    @Test
    void topCountAndPageSizeLimits() {
        var top = dv.get(Dv.V + "/contacts?$select=lastname&$top=3&$count=true");
        assertThat(top.body().get("value")).hasSize(3);
        assertThat(top.body().get("@odata.count").asInt()).isEqualTo(40);
        assertThat(top.body().has("@odata.nextLink")).isFalse();
        var big = dv.get(Dv.V + "/contacts?$select=lastname", "Prefer", "odata.maxpagesize=6000");
        assertThat(big.header("Preference-Applied")).isNull();
        assertThat(big.body().get("value")).hasSize(40);
    }

    @Test
    void changeTrackingReportsChangesDeletesAndExpiry() {
        var filtered = dv.get(Dv.V + "/contacts?$select=lastname&$filter=lastname%20eq%20'x'",
                "Prefer", "odata.track-changes");
        assertThat(filtered.status()).isEqualTo(400);

        String link = null;
        String next = Dv.V + "/contacts?$select=lastname";
        int rows = 0;
        while (next != null) {
            var page = dv.get(next, "Prefer", "odata.track-changes,odata.maxpagesize=15");
            rows += page.body().get("value").size();
            next = page.body().has("@odata.nextLink") ? page.body().get("@odata.nextLink").asText() : null;
            link = page.body().has("@odata.deltaLink") ? page.body().get("@odata.deltaLink").asText() : link;
        }
        assertThat(rows).isEqualTo(40);
        List<Map<String, Object>> all = api.records("contact");
        api.update("contact", (String) all.get(0).get("contactid"), Map.of("lastname", "Changed"));
        api.delete("contact", (String) all.get(1).get("contactid"));

        var delta = dv.get(link);
        assertThat(delta.body().get("value")).hasSize(2);
        assertThat(delta.body().get("value").get(0).get("lastname").asText()).isEqualTo("Changed");
        assertThat(delta.body().get("value").get(1).get("reason").asText()).isEqualTo("deleted");
        assertThat(api.calls().get(DataverseApi.Kind.DELTA)).isEqualTo(1);
        var quiet = dv.get(delta.body().get("@odata.deltaLink").asText());
        assertThat(quiet.body().get("value")).isEmpty();

        emulator.clock(Clock.offset(Clock.systemUTC(), Duration.ofDays(8)));
        dv = new Dv(emulator);
        var expired = dv.get(link);
        assertThat(expired.status()).isEqualTo(400);
        assertThat(expired.body().get("error").get("code").asText()).isEqualTo("0x80044352");
    }

    @Test
    void upsertPreconditionsValidationAndDelete() {
        String url = Dv.V + "/contacts(crmsync_externalid='N-1')";
        var missing = dv.patch(url, "{\"lastname\":\"A\"}", "If-Match", "*");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.body().get("error").get("code").asText()).isEqualTo("0x80040217");
        assertThat(dv.patch(url, "{\"lastname\":\"A\"}", "If-None-Match", "*").status()).isEqualTo(204);
        var duplicate = dv.patch(url, "{\"lastname\":\"B\"}", "If-None-Match", "*");
        assertThat(duplicate.status()).isEqualTo(412);
        assertThat(duplicate.body().get("error").get("code").asText()).isEqualTo("0x80040237");
        assertThat(duplicate.body().get("error").get("message").asText())
                .isEqualTo("A record with matching key values already exists.");
        assertThat(dv.patch(url, "{\"lastname\":\"C\"}", "If-Match", "*").status()).isEqualTo(204);
        var tooLong = dv.patch(url, "{\"lastname\":\"" + "x".repeat(51) + "\"}");
        assertThat(tooLong.body().get("error").get("code").asText()).isEqualTo("0x80044331");
        var unknown = dv.patch(url, "{\"bogus\":1}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("error").get("message").asText()).startsWith("The property 'bogus' does not "
                + "exist on type 'Microsoft.Dynamics.CRM.contact'.");
        var typed = dv.patch(url, "{\"numberofchildren\":\"two\"}");
        assertThat(typed.status()).isEqualTo(400);

        String id = api.records("contact").stream().filter(r -> "N-1".equals(r.get("crmsync_externalid")))
                .findFirst().orElseThrow().get("contactid").toString();
        assertThat(dv.delete(url).status()).isEqualTo(204);
        assertThat(dv.delete(url).status()).isEqualTo(404);

        // the delete is in the audit log, which is read-only
        var audit = dv.get(Dv.V + "/audits?$select=createdon,_objectid_value&$filter=operation%20eq%203%20and%20"
                + "objecttypecode%20eq%20'contact'&$orderby=createdon%20asc,_objectid_value%20asc");
        assertThat(audit.body().get("value")).singleElement().satisfies(a -> {
            assertThat(a.get("_objectid_value").asText()).isEqualTo(id);
            assertThat(a.get("createdon").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        });
        assertThat(dv.delete(Dv.V + "/audits(" + audit.body().get("value").get(0).get("auditid").asText() + ")")
                .status()).isEqualTo(405);
    }

    @Test
    void batchLimitAndAtomicChangeSets() {
        StringBuilder tooMany = new StringBuilder();
        for (int i = 0; i < 1001; i++) {
            tooMany.append("--b\r\nContent-Type: application/http\r\n\r\nDELETE contacts(crmsync_externalid='x")
                    .append(i).append("') HTTP/1.1\r\n\r\n\r\n");
        }
        var refused = dv.batch("b", tooMany.append("--b--\r\n").toString());
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("error").get("message").asText()).contains("1000");

        String changeSet = "--b\r\nContent-Type: multipart/mixed; boundary=cs\r\n\r\n"
                + "--cs\r\nContent-Type: application/http\r\nContent-ID: 1\r\n\r\n"
                + "PATCH contacts(crmsync_externalid='CS-1') HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
                + "{\"lastname\":\"ok\"}\r\n"
                + "--cs\r\nContent-Type: application/http\r\nContent-ID: 2\r\n\r\n"
                + "PATCH contacts(crmsync_externalid='CS-2') HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
                + "{\"lastname\":\"" + "y".repeat(60) + "\"}\r\n--cs--\r\n--b--\r\n";
        var failed = dv.batch("b", changeSet, "Prefer", "odata.continue-on-error");
        assertThat(Dv.partStatuses(failed.raw().body())).containsExactly(400);
        assertThat(filter("crmsync_externalid eq 'CS-1'").body().get("value")).isEmpty();
        assertThat(api.calls().get(DataverseApi.Kind.BATCH)).isEqualTo(2);
    }

    @Test
    void serviceProtectionAnswers429WithRetryAfter() {
        api.rateLimit(3, Duration.ofSeconds(300));
        for (int i = 0; i < 3; i++) {
            assertThat(dv.get(Dv.V + "/contacts?$top=1").status()).isEqualTo(200);
        }
        var limited = dv.get(Dv.V + "/contacts?$top=1");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 301);
        assertThat(limited.body().get("error").get("code").asText()).isEqualTo("0x80072322");
        assertThat(limited.body().get("error").get("message").asText())
                .isEqualTo("Number of requests exceeded the limit of 3 over time window of 300 seconds.");

        api.rateLimit(6000, Duration.ofSeconds(300));
        api.throttleNext(1, 7);
        assertThat(dv.get(Dv.V + "/contacts?$top=1").header("Retry-After")).isEqualTo("7");
        assertThat(dv.get(Dv.V + "/contacts?$top=1").status()).isEqualTo(200);
    }

    @Test
    void describeCarriesAttributesKeysAndChangeTracking() {
        var contact = dv.get(Dv.V + "/EntityDefinitions(LogicalName='contact')?$expand=Attributes,Keys");
        assertThat(contact.body().get("PrimaryIdAttribute").asText()).isEqualTo("contactid");
        assertThat(contact.body().get("ChangeTrackingEnabled").asBoolean()).isTrue();
        assertThat(contact.body().get("Keys").get(0).get("KeyAttributes").get(0).asText())
                .isEqualTo("crmsync_externalid");
        assertThat(contact.body().get("Attributes").findValuesAsText("LogicalName")).contains("modifiedon",
                "emailaddress1");
        var bySet = dv.get(Dv.V + "/EntityDefinitions?$filter=EntitySetName%20eq%20'accounts'&$expand=Keys");
        assertThat(bySet.body().get("value").get(0).get("LogicalName").asText()).isEqualTo("account");
        assertThat(dv.get(Dv.V + "/EntityDefinitions(LogicalName='nope')").status()).isEqualTo(404);
        assertThat(api.calls().get(DataverseApi.Kind.METADATA)).isEqualTo(3);
        var whoAmI = dv.get(Dv.V + "/WhoAmI");
        assertThat(whoAmI.body().get("OrganizationId").asText()).matches("[0-9a-f-]{36}");
        assertThat(whoAmI.body().has("UserId")).isTrue();
    }
}
