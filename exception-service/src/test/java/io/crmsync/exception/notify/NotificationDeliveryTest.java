package io.crmsync.exception.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.exception.message.ExceptionMessageCreated;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.NotificationRecipient;
import io.crmsync.proto.config.v1.NotificationType;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.testsupport.PostgresTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.MockMailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Notifications end to end inside exception-service: messages created over its real gRPC API, recipients read over
 * real gRPC from a fake config-service, e-mail into the mock mailbox, webhooks POSTed to a real local HTTP server.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class NotificationDeliveryTest {

    static final String SECRET = "test-signing-secret-5b1f";
    static final String CONFIG_SECRET = "sk_live_DO_NOT_LEAK_51HxQ";

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Inject
    NotificationDispatcher dispatcher;

    @Inject
    MockMailbox mailbox;

    @Inject
    NotificationStore store;

    @Inject
    DataSource dataSource;

    @Inject
    Event<ExceptionMessageCreated> created;

    final ObjectMapper json = new ObjectMapper();
    final List<WebhookReceiver> receivers = new ArrayList<>();

    /** Other test classes of this module queue events too; each test here starts from an empty outbox. */
    @BeforeEach
    void emptyOutbox() throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "DELETE FROM notification_events")) {
            s.executeUpdate();
        }
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(WebhookReceiver::close);
        FakeConfigService.down = false;
    }

    @Test
    void shouldSendOneEmailAndOneSignedWebhookForANewFailure() throws Exception {
        // given
        WebhookReceiver receiver = receiver();
        String email = mailAddress();
        String integrationId = integration("Orders to CRM", email, receiver.url());
        String runId = UUID.randomUUID().toString();

        // when
        ExceptionMessage message = failure(integrationId, runId, ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        dispatcher.runOnce();

        // then
        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertThat(mails).singleElement().satisfies(mail -> {
            assertThat(mail.getSubject()).isEqualTo("[crmsync] Orders to CRM: run failed (transfer.source_unreachable)");
            assertThat(mail.getText())
                    .contains("RUN_FAILURE on the PLATFORM side")
                    .contains("transfer.source_unreachable")
                    .contains("Cannot connect to source 'crm'")
                    .contains("Orders to CRM (" + integrationId + ")")
                    .contains("Run:         " + runId)
                    .contains("GET /api/v1/exceptions/" + message.getId());
        });
        assertThat(receiver.received()).singleElement().satisfies(post -> {
            assertThat(post.signedWith(SECRET)).isTrue();
            assertThat(post.header("X-Crmsync-Event-Id")).isEqualTo(eventIdOf(message.getId()).toString());
            assertThat(Long.parseLong(post.header("X-Crmsync-Timestamp")))
                    .isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
            JsonNode body = json.readTree(post.body());
            assertThat(body.get("event").asText()).isEqualTo("exception.message_created");
            assertThat(body.get("text").asText()).contains("Orders to CRM").contains("run failed").doesNotContain("\n");
            assertThat(body.get("integration").get("id").asText()).isEqualTo(integrationId);
            assertThat(body.get("integration").get("name").asText()).isEqualTo("Orders to CRM");
            assertThat(body.get("message").get("id").asText()).isEqualTo(message.getId());
            assertThat(body.get("message").get("kind").asText()).isEqualTo("RUN_FAILURE");
            assertThat(body.get("message").get("code").asText()).isEqualTo("transfer.source_unreachable");
            assertThat(body.get("message").get("runId").asText()).isEqualTo(runId);
            assertThat(body.get("message").get("createTime").asText()).endsWith("Z");
        });
        assertThat(deliveries(message.getId())).containsOnly("DELIVERED");

        // and a later round sends nothing more
        dispatcher.runOnce();
        assertThat(mailbox.getMailsSentTo(email)).hasSize(1);
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void shouldNeverPutASecretIntoANotification() throws Exception {
        // given: secret-looking values in the integration's own settings, and a webhook URL with a token
        WebhookReceiver receiver = receiver();
        String email = mailAddress();
        String integrationId = integration("Secretive", email, receiver.url());

        // when
        failure(integrationId, UUID.randomUUID().toString(), ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
        dispatcher.runOnce();

        // then
        Mail mail = mailbox.getMailsSentTo(email).get(0);
        String post = receiver.received().get(0).body();
        for (String leaked : List.of(CONFIG_SECRET, SECRET, "q-secret")) {
            assertThat(mail.getText()).doesNotContain(leaked);
            assertThat(mail.getSubject()).doesNotContain(leaked);
            assertThat(post).doesNotContain(leaked);
        }
    }

    @Test
    void shouldNotifyOncePerMessageHoweverOftenItIsReported() throws Exception {
        // given
        String email = mailAddress();
        String integrationId = integration("Contacts", email);
        String runId = UUID.randomUUID().toString();

        // when: rejects of one run and point arrive in two batches, one of them resent
        ExceptionMessage rejects = exceptions.recordRejects(rejects(integrationId, runId, "b1", "k1", "k2")).getMessage();
        exceptions.recordRejects(rejects(integrationId, runId, "b2", "k3"));
        exceptions.recordRejects(rejects(integrationId, runId, "b2", "k3"));
        // the scheduler reports the same disabling twice
        ExceptionMessage disabled = failure(integrationId, runId, ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED);
        failure(integrationId, runId, ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED);
        // and the creation event itself is fired a second time
        ExceptionMessageCreated again = new ExceptionMessageCreated(UUID.fromString(rejects.getId()), integrationId,
                "point-1", runId, "RECORD_REJECTS", "TARGET", "transfer.records_rejected", "again", Instant.now());
        QuarkusTransaction.requiringNew().run(() -> created.fire(again));
        dispatcher.runOnce();
        dispatcher.runOnce();

        // then
        List<Mail> mails = mailbox.getMailsSentTo(email);
        assertThat(mails).extracting(Mail::getSubject).containsExactlyInAnyOrder(
                "[crmsync] Contacts: records rejected by the target (3)",
                "[crmsync] Contacts: integration disabled after repeated failures");
        assertThat(mails).filteredOn(m -> m.getSubject().contains("rejected")).singleElement()
                .satisfies(m -> assertThat(m.getText()).contains("Items:       3 rejected record(s)")
                        .contains("GET /api/v1/exceptions/" + rejects.getId() + "/items"));
        assertThat(count("SELECT count(*) FROM notification_events WHERE message_id = ?", rejects.getId())).isOne();
        assertThat(count("SELECT count(*) FROM notification_events WHERE message_id = ?", disabled.getId())).isOne();
    }

    @Test
    void shouldTellRecipientsThatTheIntegrationWasDisabled() throws Exception {
        // given
        WebhookReceiver receiver = receiver();
        String email = mailAddress();
        String integrationId = integration("Leads", email, receiver.url());

        // when
        ExceptionMessage disabled = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED);
        dispatcher.runOnce();

        // then
        JsonNode body = json.readTree(receiver.received().get(0).body());
        assertThat(body.get("event").asText()).isEqualTo("integration.disabled");
        assertThat(body.get("message").get("kind").asText()).isEqualTo("INTEGRATION_DISABLED");
        assertThat(body.get("text").asText()).contains("Leads").contains("disabled");
        assertThat(mailbox.getMailsSentTo(email)).singleElement().satisfies(mail -> assertThat(mail.getText())
                .contains("An operator must re-enable it")
                .contains("POST /api/v1/integrations/" + integrationId + "/enable")
                .contains("GET /api/v1/exceptions/" + disabled.getId()));
    }

    @Test
    void shouldRetryAFailingWebhookWithGrowingDelays() throws Exception {
        // given
        WebhookReceiver receiver = receiver(500, 500);
        String integrationId = integration("Retry me", null, receiver.url());

        // when
        ExceptionMessage message = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        long deadline = System.currentTimeMillis() + 15_000;
        while (!deliveries(message.getId()).contains("DELIVERED") && System.currentTimeMillis() < deadline) {
            dispatcher.runOnce();
            Thread.sleep(20);
        }

        // then: 300 ms after the first failure, 600 ms after the second (test profile)
        List<WebhookReceiver.Received> posts = receiver.received();
        assertThat(posts).hasSize(3);
        long firstGap = posts.get(1).atMillis() - posts.get(0).atMillis();
        long secondGap = posts.get(2).atMillis() - posts.get(1).atMillis();
        assertThat(firstGap).isGreaterThanOrEqualTo(300);
        assertThat(secondGap).isGreaterThanOrEqualTo(600).isGreaterThan(firstGap);
        assertThat(posts).extracting(p -> p.header("X-Crmsync-Event-Id")).containsOnly(posts.get(0).header("X-Crmsync-Event-Id"));
        Map<String, Object> row = delivery(message.getId());
        assertThat(row.get("state")).isEqualTo("DELIVERED");
        assertThat(row.get("attempts")).isEqualTo(3);
        assertThat(row.get("delivered_time")).isNotNull();
    }

    @Test
    void shouldGiveUpAfterTheLastAttemptKeepingTheReason() throws Exception {
        // given: max-attempts is 4 in the test profile
        WebhookReceiver receiver = receiver(503, 503, 503, 503, 503);
        String integrationId = integration("Never up", null, receiver.url());

        // when
        ExceptionMessage message = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        long deadline = System.currentTimeMillis() + 15_000;
        while (!deliveries(message.getId()).contains("FAILED") && System.currentTimeMillis() < deadline) {
            dispatcher.runOnce();
            Thread.sleep(20);
        }

        // then
        Map<String, Object> row = delivery(message.getId());
        assertThat(row.get("state")).isEqualTo("FAILED");
        assertThat(row.get("attempts")).isEqualTo(4);
        assertThat((String) row.get("last_error")).isEqualTo("webhook answered HTTP 503: boom: receiver failed");
        assertThat(receiver.received()).hasSize(4);
    }

    @Test
    void shouldSendNothingWhenTheIntegrationHasNoRecipients() throws Exception {
        // given
        String integrationId = integration("Quiet", null);

        // when
        ExceptionMessage message = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        dispatcher.runOnce();

        // then
        assertThat(eventState(message.getId())).isEqualTo("NO_RECIPIENTS");
        assertThat(deliveries(message.getId())).isEmpty();
    }

    @Test
    void shouldSuppressNotificationsBeyondTheHourlyLimitOfAnIntegration() throws Exception {
        // given: at most 3 per integration and hour in the test profile
        String email = mailAddress();
        String integrationId = integration("Stormy", email);

        // when
        List<ExceptionMessage> messages = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Five different problems: the same one again would count on its message, not make a new one.
            messages.add(failure(integrationId, UUID.randomUUID().toString(), ExceptionKind.EXCEPTION_KIND_RUN_FAILURE,
                    "transfer.problem_" + i));
        }
        dispatcher.runOnce();

        // then
        assertThat(mailbox.getMailsSentTo(email)).hasSize(3);
        assertThat(messages.stream().map(m -> eventState(m.getId())).toList())
                .containsExactly("EXPANDED", "EXPANDED", "EXPANDED", "SUPPRESSED", "SUPPRESSED");
    }

    @Test
    void shouldNeverSuppressTheNoticeThatAnIntegrationWasDisabled() throws Exception {
        // given: an integration that has had its hour's share (3 in the test profile)
        String email = mailAddress();
        String integrationId = integration("Stormy and down", email);
        for (int i = 0; i < 3; i++) {
            failure(integrationId, UUID.randomUUID().toString(), ExceptionKind.EXCEPTION_KIND_RUN_FAILURE,
                    "transfer.problem_" + i);
        }
        dispatcher.runOnce();

        // when: the scheduler disables it
        ExceptionMessage disabled = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED);
        ExceptionMessage another = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE, "transfer.problem_9");
        dispatcher.runOnce();

        // then
        assertThat(eventState(disabled.getId())).isEqualTo("EXPANDED");
        assertThat(eventState(another.getId())).isEqualTo("SUPPRESSED");
        assertThat(mailbox.getMailsSentTo(email)).hasSize(4)
                .anySatisfy(mail -> assertThat(mail.getText()).contains("An operator must re-enable it"));
    }

    @Test
    void shouldNotLetAReplicaWhoseClaimRanOutOverwriteANewerAttempt() throws Exception {
        // given: a delivery claimed by one replica, then, its claim run out, by another
        String integrationId = integration("Slow", mailAddress());
        ExceptionMessage message = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        Instant now = Instant.now().plusSeconds(1);
        NotificationStore.PendingEvent event = store.claimEvents(now).get(0);
        store.expand(event, "Slow", List.of(new Recipient(Recipient.Channel.EMAIL, "ops@example.com")), now);
        NotificationStore.DueDelivery first = store.claimDeliveries(now).get(0);
        Instant later = now.plus(Duration.ofMinutes(6));
        NotificationStore.DueDelivery second = store.claimDeliveries(later).get(0);
        store.retryLater(second.id(), second.attempts(), "smtp: 451 try again", later.plusSeconds(30));

        // when: the first replica's send finally ends
        store.delivered(first.id(), first.attempts(), later);
        store.failed(first.id(), first.attempts(), "smtp: timeout");

        // then
        assertThat(second.id()).isEqualTo(first.id());
        Map<String, Object> row = delivery(message.getId());
        assertThat(row.get("state")).isEqualTo("PENDING");
        assertThat(row.get("attempts")).isEqualTo(2);
        assertThat(row.get("last_error")).isEqualTo("smtp: 451 try again");
        store.delivered(second.id(), second.attempts(), later);
        assertThat(delivery(message.getId()).get("state")).isEqualTo("DELIVERED");
    }

    @Test
    void shouldRefuseAWebhookToALoopbackHostThatIsNotAllowListed() throws Exception {
        // given: 127.0.0.1 is allow-listed in the test profile, 127.0.0.2 is not
        WebhookReceiver receiver = receiver();
        String integrationId = integration("Sneaky", null, "http://127.0.0.2:" + receiver.port() + "/hook");

        // when
        ExceptionMessage message = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        dispatcher.runOnce();

        // then
        Map<String, Object> row = delivery(message.getId());
        assertThat(row.get("state")).isEqualTo("FAILED");
        assertThat(row.get("attempts")).isEqualTo(1);
        assertThat((String) row.get("last_error")).contains("127.0.0.2").contains("loopback")
                .contains("crmsync.notifications.allowed-hosts");
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void shouldReadRecipientsAgainLaterWhenConfigServiceIsDown() throws Exception {
        // given
        String email = mailAddress();
        String integrationId = integration("Patient", email);
        FakeConfigService.down = true;

        // when
        ExceptionMessage message = failure(integrationId, UUID.randomUUID().toString(),
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        dispatcher.runOnce();

        // then
        assertThat(eventState(message.getId())).isEqualTo("PENDING");
        assertThat(mailbox.getMailsSentTo(email)).isEmpty();

        // when config-service is back and the backoff has passed
        FakeConfigService.down = false;
        Thread.sleep(350);
        dispatcher.runOnce();

        // then
        assertThat(eventState(message.getId())).isEqualTo("EXPANDED");
        assertThat(mailbox.getMailsSentTo(email)).hasSize(1);
    }

    @Test
    void shouldSendOnceWhenTwoDeliveryLoopsRunAtOnce() throws Exception {
        // given: ten new messages of ten integrations, each with a mail and a webhook recipient
        WebhookReceiver receiver = receiver();
        String email = mailAddress();
        for (int i = 0; i < 10; i++) {
            failure(integration("Busy " + i, email, receiver.url()), UUID.randomUUID().toString(),
                    ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CyclicBarrier start = new CyclicBarrier(2);

        // when
        List<Future<Integer>> loops = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            loops.add(pool.submit(() -> {
                start.await();
                int attempted = 0;
                for (int round = 0; round < 5; round++) {
                    attempted += dispatcher.runOnce();
                }
                return attempted;
            }));
        }
        int attempted = 0;
        for (Future<Integer> loop : loops) {
            attempted += loop.get();
        }
        pool.shutdown();

        // then
        assertThat(receiver.received()).hasSize(10);
        assertThat(receiver.received()).extracting(r -> r.header("X-Crmsync-Event-Id")).doesNotHaveDuplicates();
        assertThat(mailbox.getMailsSentTo(email)).hasSize(10);
        assertThat(attempted).isGreaterThanOrEqualTo(20);
    }

    // ---- helpers

    private WebhookReceiver receiver(Integer... statuses) throws Exception {
        WebhookReceiver receiver = new WebhookReceiver(statuses);
        receivers.add(receiver);
        return receiver;
    }

    private static String mailAddress() {
        return "ops-" + UUID.randomUUID() + "@example.com";
    }

    /** An integration at the fake config-service; a secret-looking value sits in its description and a point. */
    private static String integration(String name, String email, String... webhooks) {
        String id = UUID.randomUUID().toString();
        Integration.Builder integration = Integration.newBuilder().setId(id).setName(name)
                .setDescription("password=" + CONFIG_SECRET)
                .addPoints(IntegrationPoint.newBuilder().setId("point-1").setName("p")
                        .setFilter("ApiKey__c = \"" + CONFIG_SECRET + "\""));
        if (email != null) {
            integration.addNotificationRecipients(NotificationRecipient.newBuilder()
                    .setType(NotificationType.NOTIFICATION_TYPE_EMAIL).setAddress(email));
        }
        for (String url : webhooks) {
            integration.addNotificationRecipients(NotificationRecipient.newBuilder()
                    .setType(NotificationType.NOTIFICATION_TYPE_WEBHOOK).setAddress(url));
        }
        FakeConfigService.INTEGRATIONS.put(id, integration.build());
        return id;
    }

    private ExceptionMessage failure(String integrationId, String runId, ExceptionKind kind) {
        return failure(integrationId, runId, kind, kind == ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED
                ? "scheduler.integration_disabled" : "transfer.source_unreachable");
    }

    private ExceptionMessage failure(String integrationId, String runId, ExceptionKind kind, String code) {
        return exceptions.reportFailure(ReportFailureRequest.newBuilder()
                .setIntegrationId(integrationId).setRunId(runId).setKind(kind).setCode(code)
                .setMessage("Cannot connect to source 'crm'").build()).getMessage();
    }

    private static RecordRejectsRequest rejects(String integrationId, String runId, String batchId, String... keys) {
        RecordRejectsRequest.Builder request = RecordRejectsRequest.newBuilder().setIntegrationId(integrationId)
                .setRunId(runId).setIntegrationPointId("point-" + integrationId).setBatchId(runId + ":" + batchId);
        for (String key : keys) {
            request.addRecords(RejectedRecord.newBuilder().setRecordKey(key).setCode("target.constraint_violation")
                    .setMessage("age must be positive").setPayloadJson("{\"age\": -3}"));
        }
        return request.build();
    }

    private UUID eventIdOf(String messageId) throws SQLException {
        return (UUID) row("SELECT id FROM notification_events WHERE message_id = ?", messageId).get("id");
    }

    private String eventState(String messageId) {
        try {
            return (String) row("SELECT state FROM notification_events WHERE message_id = ?", messageId).get("state");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> deliveries(String messageId) throws SQLException {
        List<String> states = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement("""
                SELECT d.state FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
                WHERE e.message_id = ?""")) {
            s.setObject(1, UUID.fromString(messageId));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    states.add(rs.getString(1));
                }
            }
        }
        return states;
    }

    private Map<String, Object> delivery(String messageId) throws SQLException {
        return row("""
                SELECT d.* FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
                WHERE e.message_id = ?""", messageId);
    }

    private long count(String sql, String messageId) throws SQLException {
        return ((Number) row(sql, messageId).get("count")).longValue();
    }

    private Map<String, Object> row(String sql, String messageId) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, UUID.fromString(messageId));
            try (ResultSet rs = s.executeQuery()) {
                assertThat(rs.next()).as("a row for message " + messageId).isTrue();
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                }
                return row;
            }
        }
    }
}
