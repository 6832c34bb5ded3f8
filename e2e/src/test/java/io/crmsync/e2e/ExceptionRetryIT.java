package io.crmsync.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.io.StringReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import io.crmsync.testsupport.TestDatabases;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/**
 * Rejected records end to end through the four real services: a target constraint rejects records, they become
 * exception items with the target's refusal, the same records rejected again count attempts instead of new
 * rows, the integration's webhook hears of the message once (HMAC-signed), a viewer may read but not retry, and
 * after the cause is fixed an operator's retry re-reads exactly those records by key, resolves the items and the
 * message, and leaves the watermark where it was.
 */
class ExceptionRetryIT {

    private static final String SOURCE_DB = "crmsync_e2e_exc_crm";
    private static final String TARGET_DB = "crmsync_e2e_exc_warehouse";
    private static final int ROWS = 200;
    private static final int BAD = 10; // lead_score 95..99: ids 95..99 and 195..199
    private static final String WEBHOOK_SECRET = "whsec-e2e-0123456789abcdef";
    private static final String VIEWER_TOKEN = "viewer-e2e-0123456789abcdefghijklmnopqrstuvwxyz";

    private static CrmsyncStack stack;
    private static HttpServer receiver;
    private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    record Delivery(String body, String timestamp, String signature) {
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            deliveries.add(new Delivery(body, exchange.getRequestHeaders().getFirst("X-Crmsync-Timestamp"),
                    exchange.getRequestHeaders().getFirst("X-Crmsync-Signature")));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        ContactsSync.createDatabases(SOURCE_DB, TARGET_DB, ROWS);
        try (Connection target = CrmsyncStack.connect(TARGET_DB); Statement s = target.createStatement()) {
            s.execute("ALTER TABLE crm_contacts ADD CONSTRAINT lead_score_ok CHECK (lead_score < 95)");
        }
        stack = CrmsyncStack.start("crmsync_e2e_exc_", Map.of(
                "exception-service", Map.of(
                        "CRMSYNC_NOTIFICATIONS_WEBHOOK_SECRET", WEBHOOK_SECRET,
                        "CRMSYNC_NOTIFICATIONS_ALLOWED_HOSTS", "localhost,127.0.0.1",
                        "CRMSYNC_NOTIFICATIONS_POLL_EVERY", "1s",
                        "QUARKUS_MAILER_MOCK", "true"),
                "config-service", Map.of(
                        "CRMSYNC_NOTIFICATIONS_ALLOWED_HOSTS", "localhost,127.0.0.1",
                        "CRMSYNC_AUTH_STATIC_TOKENS_VIEWER_TOKEN", VIEWER_TOKEN,
                        "CRMSYNC_AUTH_STATIC_TOKENS_VIEWER_ROLES", "viewer")));
        stack.driveWithRestAssured(null);
    }

    @AfterAll
    static void stop() {
        RestAssured.reset(); // the next test class points REST Assured at its own stack and token
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.stop(0);
        }
    }

    @Test
    void shouldRecordRejectsOnceAndRetryExactlyThemAfterTheCauseIsFixed() throws Exception {
        // given: an integration whose webhook is the local receiver
        String integration = ContactsSync.activeIntegration("exc", SOURCE_DB, TARGET_DB, Map.of(
                "notificationRecipients", List.of(Map.of("type", "webhook", "address",
                        "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook"),
                        Map.of("type", "email", "address", "ops@example.com"))));

        // when: a full run meets the constraint
        JsonPath first = CrmsyncStack.awaitRun(ContactsSync.startFullRun(integration));

        // then: the run is PARTIAL and the rejects are one message of items with the target's refusal (code and PostgreSQL's message naming the constraint)
        assertThat(first.getString("state")).isEqualTo("PARTIAL");
        assertThat(first.getInt("counts.rejected")).isEqualTo(BAD);
        JsonPath message = only(integration);
        assertThat(message.getString("kind")).isEqualTo("record_rejects");
        assertThat(message.getString("side")).isEqualTo("target");
        assertThat(message.getString("state")).isEqualTo("OPEN");
        assertThat(message.getInt("openItemCount")).isEqualTo(BAD);
        String messageId = message.getString("id");
        JsonPath items = given().queryParam("pageSize", 100).get("/api/v1/exceptions/{id}/items", messageId).then()
                .statusCode(200).extract().jsonPath();
        assertThat(items.getList("items.code", String.class)).hasSize(BAD).containsOnly("target.constraint_violation");
        assertThat(items.getList("items.keyValues.flatten()", String.class)).containsExactlyInAnyOrder("95", "96", "97",
                "98", "99", "195", "196", "197", "198", "199");
        assertThat(items.getString("items[0].message")).contains("lead_score_ok");
        assertThat(items.getInt("items[0].payload.lead_score")).isGreaterThanOrEqualTo(95);

        // when: the same records fail again in the next runs
        for (int run = 0; run < 2; run++) {
            touchBadRows();
            JsonPath again = CrmsyncStack.awaitRun(given().post("/api/v1/integrations/{id}/runs", integration)
                    .then().statusCode(202).extract().path("id"));
            assertThat(again.getInt("counts.rejected")).isEqualTo(BAD);
        }

        // then: still one message and one item per record, with attempts counted
        message = only(integration);
        assertThat(message.getString("id")).isEqualTo(messageId);
        assertThat(message.getInt("occurrenceCount")).isEqualTo(3);
        assertThat(message.getInt("itemCount")).isEqualTo(BAD);
        items = given().queryParam("pageSize", 100).get("/api/v1/exceptions/{id}/items", messageId).then()
                .extract().jsonPath();
        assertThat(items.getList("items.attemptCount", Integer.class)).containsOnly(3);
        // the first run's failed items, for its history
        List<CSVRecord> csv = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(
                new StringReader(given().queryParam("runId", first.getString("id"))
                        .get("/api/v1/exception-items/export.csv").then().statusCode(200).extract().asString()))
                .getRecords();
        assertThat(csv).hasSize(BAD);

        // and: the webhook heard of the message once, signed with the secret, with no credential in it
        Delivery delivery = awaitOneDelivery();
        assertThat(delivery.signature()).isEqualTo("sha256=" + hmac(delivery.timestamp() + "." + delivery.body()));
        JsonPath hook = JsonPath.from(delivery.body());
        assertThat(hook.getString("event")).isEqualTo("exception.message_created");
        assertThat(hook.getString("message.id")).isEqualTo(messageId);
        assertThat(hook.getString("text")).contains("exc-contacts");
        assertThat(delivery.body()).doesNotContain(TestDatabases.password().isEmpty() ? "password"
                : TestDatabases.password());

        // when: a viewer tries to retry, then the cause is fixed and an operator retries
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).get("/api/v1/exceptions/{id}", messageId).then()
                .statusCode(200);
        given().header("Authorization", "Bearer " + VIEWER_TOKEN).post("/api/v1/exceptions/{id}/retry", messageId)
                .then().statusCode(403);
        String watermarkBefore = watermark(integration);
        try (Connection target = CrmsyncStack.connect(TARGET_DB); Statement s = target.createStatement()) {
            s.execute("ALTER TABLE crm_contacts DROP CONSTRAINT lead_score_ok");
        }
        // a newer source change that only a normal run should pick up
        try (Connection source = CrmsyncStack.connect(SOURCE_DB); Statement s = source.createStatement()) {
            s.execute("UPDATE contacts SET city = 'Elsewhere', updated_at = now() WHERE id = 1");
        }
        JsonPath retry = given().post("/api/v1/exceptions/{id}/retry", messageId).then().statusCode(202)
                .body("message.state", equalTo("RETRYING"))
                .body("run.trigger", equalTo("retry"))
                .extract().jsonPath();
        JsonPath retryRun = CrmsyncStack.awaitRun(retry.getString("run.id"));

        // then: exactly the failed records were re-read and written, and everything resolved
        assertThat(retryRun.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(retryRun.getInt("counts.read")).isEqualTo(BAD);
        assertThat(retryRun.getInt("counts.created")).isEqualTo(BAD);
        assertThat(ContactsSync.count(TARGET_DB, "SELECT count(*) FROM crm_contacts")).isEqualTo(ROWS);
        assertThat(ContactsSync.count(TARGET_DB, "SELECT count(*) FROM crm_contacts WHERE city = 'Elsewhere'"))
                .isZero();
        message = awaitState(messageId, "RESOLVED");
        assertThat(message.getInt("openItemCount")).isZero();
        assertThat(given().queryParam("pageSize", 100).get("/api/v1/exceptions/{id}/items", messageId).then()
                .extract().jsonPath().getList("items.state", String.class)).hasSize(BAD).containsOnly("RESOLVED");
        assertThat(watermark(integration)).isEqualTo(watermarkBefore);
        assertThat(deliveries).hasSize(1);
    }

    private static JsonPath only(String integration) {
        JsonPath page = given().queryParam("integrationId", integration).get("/api/v1/exceptions").then()
                .statusCode(200).extract().jsonPath();
        assertThat(page.getList("items")).hasSize(1);
        return JsonPath.from(page.prettify()).setRootPath("items[0]");
    }

    private static JsonPath awaitState(String messageId, String state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonPath message;
        do {
            message = given().get("/api/v1/exceptions/{id}", messageId).then().statusCode(200).extract().jsonPath();
            if (message.getString("state").equals(state)) {
                return message;
            }
            Thread.sleep(200);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("message " + messageId + " stayed " + message.getString("state"));
    }

    private static Delivery awaitOneDelivery() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (deliveries.isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
        }
        Thread.sleep(2000); // a second delivery would come within the poll interval
        assertThat(deliveries).hasSize(1);
        return deliveries.get(0);
    }

    private static String watermark(String integration) {
        return given().get("/api/v1/integrations/{id}/watermarks", integration).then().statusCode(200).extract()
                .jsonPath().getString("points[0]");
    }

    private static void touchBadRows() throws Exception {
        try (Connection source = CrmsyncStack.connect(SOURCE_DB); Statement s = source.createStatement()) {
            s.execute("UPDATE contacts SET updated_at = now() WHERE lead_score >= 95");
        }
    }

    private static String hmac(String signed) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(WEBHOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }
}
