package io.crmsync.emulator.salesforce;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.JsonShape;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What a connector depends on: paging, SOQL semantics, upsert results, limits and failures. */
class BehaviourTest {
    private CrmEmulator emulator;
    private Sf sf;

    @BeforeEach
    void start() {
        emulator = CrmEmulator.start(0);
        emulator.salesforce().seedContacts(2500);
        sf = new Sf(emulator);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("records").forEach(r -> out.add(r.get("Id").asText()));
        return out;
    }

    @Test
    void pagingIsASnapshotWhileRecordsChange() {
        var first = sf.query("SELECT Id, LastName FROM Contact ORDER BY LastName");
        assertThat(first.body().get("totalSize").asInt()).isEqualTo(2500);
        assertThat(first.body().get("records").size()).isEqualTo(2000);
        String next = first.body().get("nextRecordsUrl").asText();
        assertThat(next).matches("/services/data/v60\\.0/query/01g[0-9A-Za-z]{12}-2000");
        // A change after the first page must not shift the page boundary.
        String moved = ids(first.body()).get(0);
        emulator.salesforce().update("Contact", moved, Map.of("LastName", "Zzz"));
        emulator.salesforce().insert("Contact", Map.of("LastName", "Aaa"));
        var second = sf.get(next);
        assertThat(second.body().get("done").asBoolean()).isTrue();
        assertThat(second.body().get("records").size()).isEqualTo(500);
        assertThat(ids(second.body())).doesNotContain(moved).doesNotContainAnyElementsOf(ids(first.body()));
        assertThat(second.raw().headers().firstValue("Sforce-Limit-Info")).hasValueSatisfying(
                v -> assertThat(v).matches("api-usage=\\d+/15000"));
    }

    @Test
    void batchSizeHeaderAndBadLocator() {
        var page = sf.query("SELECT Id FROM Contact", "Sforce-Query-Options", "batchSize=500");
        assertThat(page.body().get("records").size()).isEqualTo(500);
        assertThat(page.body().get("nextRecordsUrl").asText()).endsWith("-500");
        var bad = sf.get(Sf.V + "/query/01gAAAAAAAAAAAA-2000");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_QUERY_LOCATOR");
    }

    @Test
    void queryAllSeesDeletedRows() {
        String id = ids(sf.query("SELECT Id FROM Contact LIMIT 1").body()).get(0);
        assertThat(sf.delete(Sf.V + "/sobjects/Contact/" + id).status()).isEqualTo(204);
        assertThat(sf.delete(Sf.V + "/sobjects/Contact/" + id).status()).isEqualTo(404);
        String soql = "SELECT Id, IsDeleted FROM Contact WHERE Id = '" + id + "'";
        assertThat(sf.query(soql).body().get("totalSize").asInt()).isZero();
        var all = sf.get(Sf.V + "/queryAll?q=" + soql.replace(" ", "+").replace("=", "%3D").replace("'", "%27"));
        assertThat(all.body().get("records").get(0).get("IsDeleted").asBoolean()).isTrue();
    }

    @Test
    void whereOrderByLimit() {
        String since = Instant.now().minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        var page = sf.query("SELECT Id, LastName, SystemModstamp FROM Contact WHERE (LastName IN ('O\\'Neil',"
                + " 'Hopper') OR FirstName = 'ada') AND SystemModstamp > " + since
                + " AND Title != null ORDER BY SystemModstamp DESC, Id LIMIT 50");
        assertThat(page.status()).isEqualTo(200);
        JsonNode records = page.body().get("records");
        assertThat(records.size()).isBetween(1, 50);
        String previous = null;
        for (JsonNode r : records) {
            String stamp = r.get("SystemModstamp").asText();
            assertThat(stamp).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.000\\+0000");
            assertThat(Values.parseDateTime(stamp)).isAfter(Instant.parse(since));
            if (previous != null) {
                assertThat(stamp.compareTo(previous)).isLessThanOrEqualTo(0);
            }
            previous = stamp;
            assertThat(r.get("attributes").get("url").asText()).isEqualTo(
                    Sf.V + "/sobjects/Contact/" + r.get("Id").asText());
        }
    }

    @Test
    void malformedAndUnknownField() {
        var malformed = sf.query("SELECT Id FROM Contact WHERE");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body().get(0).get("errorCode").asText()).isEqualTo("MALFORMED_QUERY");
        var unknown = sf.query("SELECT Id, SF_date__c FROM Contact");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
        assertThat(unknown.body().get(0).get("message").asText())
                .contains("ERROR at Row:1:Column:12")
                .contains("No such column 'SF_date__c' on entity 'Contact'. If you are attempting to use a custom"
                        + " field, be sure to append the '__c'");
        var quotedDate = sf.query("SELECT Id FROM Contact WHERE CreatedDate > '2024-01-01T00:00:00Z'");
        assertThat(quotedDate.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_FIELD");
    }

    private static final String UPSERT = Sf.V + "/composite/sobjects/Contact/External_Id__c";

    @Test
    void upsertCreatedUpdatedAndDuplicates() {
        var r = sf.patch(UPSERT, """
                {"allOrNone":false,"records":[
                 {"attributes":{"type":"Contact"},"External_Id__c":"C-000001","LastName":"Renamed"},
                 {"attributes":{"type":"Contact"},"External_Id__c":"NEW-1","LastName":"New","Email":"n@x.io"},
                 {"attributes":{"type":"Contact"},"External_Id__c":"DUP","LastName":"A"},
                 {"attributes":{"type":"Contact"},"External_Id__c":"dup","LastName":"B"},
                 {"attributes":{"type":"Contact"},"External_Id__c":"NEW-2","LastName":"C","Bogus__c":1}]}""");
        assertThat(r.status()).isEqualTo(200);
        JsonNode res = r.body();
        assertThat(res.get(0).get("success").asBoolean()).isTrue();
        assertThat(res.get(0).get("created").asBoolean()).isFalse();
        assertThat(res.get(1).get("created").asBoolean()).isTrue();
        assertThat(res.get(1).get("id").asText()).matches("003[0-9A-Za-z]{15}");
        assertThat(res.get(2).get("errors").get(0).get("statusCode").asText()).isEqualTo("DUPLICATE_VALUE");
        assertThat(res.get(3).get("errors").get(0).get("message").asText())
                .isEqualTo("Duplicate external id specified: dup");
        assertThat(res.get(4).get("errors").get(0).get("statusCode").asText()).isEqualTo("INVALID_FIELD");
        Map<String, Object> updated = emulator.salesforce().record("Contact", res.get(0).get("id").asText());
        assertThat(updated.get("LastName")).isEqualTo("Renamed");
        assertThat((Instant) updated.get("SystemModstamp")).isAfter(Instant.now().minusSeconds(5));
        // An update that changes nothing is still an update, and still bumps SystemModstamp.
        var again = sf.patch(UPSERT, """
                {"records":[{"attributes":{"type":"Contact"},"External_Id__c":"NEW-1","LastName":"New"}]}""");
        assertThat(again.body().get(0).get("created").asBoolean()).isFalse();
    }

    @Test
    void allOrNoneRollsBack() {
        var r = sf.patch(UPSERT, """
                {"allOrNone":true,"records":[
                 {"attributes":{"type":"Contact"},"External_Id__c":"AON-1","LastName":"Ok"},
                 {"attributes":{"type":"Contact"},"External_Id__c":"AON-2"}]}""");
        assertThat(r.body().get(0).get("success").asBoolean()).isFalse();
        assertThat(r.body().get(0).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("ALL_OR_NONE_OPERATION_ROLLED_BACK");
        assertThat(r.body().get(1).get("errors").get(0).get("statusCode").asText())
                .isEqualTo("REQUIRED_FIELD_MISSING");
        assertThat(sf.query("SELECT Id FROM Contact WHERE External_Id__c = 'AON-1'").body().get("totalSize")
                .asInt()).isZero();
    }

    @Test
    void quotaFaultsLatencyAndExpiry() {
        emulator.salesforce().resetApiUsage();
        emulator.salesforce().dailyApiLimit(2);
        assertThat(sf.get(Sf.V + "/limits").body().get("DailyApiRequests").get("Remaining").asInt()).isEqualTo(1);
        sf.get(Sf.V + "/limits");
        var over = sf.get(Sf.V + "/limits");
        assertThat(over.status()).isEqualTo(403);
        assertThat(over.body().get(0).get("message").asText()).isEqualTo("TotalRequests Limit exceeded.");
        assertThat(over.body().get(0).get("errorCode").asText()).isEqualTo("REQUEST_LIMIT_EXCEEDED");
        emulator.salesforce().dailyApiLimit(1000);

        emulator.failNext(2, 503);
        assertThat(sf.get(Sf.V + "/limits").status()).isEqualTo(503);
        assertThat(sf.get(Sf.V + "/limits").status()).isEqualTo(503);
        assertThat(sf.get(Sf.V + "/limits").status()).isEqualTo(200);

        emulator.latency(Duration.ofMillis(150));
        long t0 = System.nanoTime();
        sf.get(Sf.V + "/limits");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        emulator.latency(Duration.ZERO);

        emulator.salesforce().expireAllTokens();
        assertThat(sf.get(Sf.V + "/limits").status()).isEqualTo(401);
        assertThat(emulator.salesforce().calls().get(SalesforceApi.Kind.LIMITS)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void replicationWindowErrors() {
        Instant now = Instant.now();
        String base = Sf.V + "/sobjects/Contact/updated/?start=";
        var reversed = sf.get(base + now + "&end=" + now.minusSeconds(3600));
        assertThat(reversed.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_REPLICATION_DATE");
        // Seconds are ignored, so a window inside one minute is empty, which Salesforce refuses.
        Instant minute = now.truncatedTo(ChronoUnit.MINUTES);
        var sameMinute = sf.get(base + minute.plusSeconds(1) + "&end=" + minute.plusSeconds(30));
        assertThat(sameMinute.status()).isEqualTo(400);
        var tooOld = sf.get(base + now.minus(31, ChronoUnit.DAYS) + "&end=" + now);
        assertThat(tooOld.body().get(0).get("errorCode").asText()).isEqualTo("INVALID_REPLICATION_DATE");
    }
}
