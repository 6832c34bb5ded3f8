package io.crmsync.exception.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The webhook sender on its own, against a real local HTTP server. */
class WebhookSenderTest {

    private static final Clock FIXED = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    @Test
    void shouldNeverSendAWebhookUnsigned() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // given
            WebhookSender sender = new WebhookSender(Optional.empty(), List.of("127.0.0.1"), Duration.ofSeconds(2),
                    FIXED);

            // when
            SendResult result = sender.send(receiver.url(), UUID.randomUUID(), "{\"text\":\"x\"}");

            // then
            assertThat(result.outcome()).isEqualTo(SendResult.Outcome.REFUSED);
            assertThat(result.reason()).contains("no webhook signing secret")
                    .contains("CRMSYNC_NOTIFICATIONS_WEBHOOK_SECRET");
            assertThat(receiver.received()).isEmpty();
        }
    }

    @Test
    void shouldSignTheTimestampAndTheBody() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            // given
            WebhookSender sender = new WebhookSender(Optional.of("s3cret"), List.of("127.0.0.1"),
                    Duration.ofSeconds(2), FIXED);
            UUID eventId = UUID.randomUUID();

            // when
            SendResult result = sender.send(receiver.url(), eventId, "{\"text\":\"hello\"}");

            // then
            assertThat(result.outcome()).isEqualTo(SendResult.Outcome.DELIVERED);
            WebhookReceiver.Received post = receiver.received().get(0);
            assertThat(post.header("X-Crmsync-Timestamp")).isEqualTo("1700000000");
            assertThat(post.header("X-Crmsync-Event-Id")).isEqualTo(eventId.toString());
            assertThat(post.signedWith("s3cret")).isTrue();
            assertThat(post.signedWith("other")).isFalse();
            // HMAC-SHA256("s3cret", "1700000000.{\"text\":\"hello\"}"), as any receiver computes it
            assertThat(post.header("X-Crmsync-Signature"))
                    .isEqualTo("sha256=" + WebhookSender.sign("s3cret", "1700000000", "{\"text\":\"hello\"}"));
        }
    }

    @Test
    void shouldTryAHostThatDoesNotResolveAgainLaterInsteadOfSending() {
        // given: .invalid never resolves (RFC 6761), so its addresses cannot be checked
        WebhookSender sender = new WebhookSender(Optional.of("s3cret"), List.of(), Duration.ofSeconds(2), FIXED);

        // when
        SendResult result = sender.send("https://hooks.nowhere.invalid/crmsync", UUID.randomUUID(), "{}");

        // then
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.RETRY);
        assertThat(result.reason()).contains("hooks.nowhere.invalid").contains("does not resolve");
    }

    @Test
    void shouldRequireHttpsForAHostThatIsNotAllowListed() {
        // given
        WebhookSender sender = new WebhookSender(Optional.of("s3cret"), List.of(), Duration.ofSeconds(2), FIXED);

        // when
        SendResult result = sender.send("http://hooks.example.com/crmsync", UUID.randomUUID(), "{}");

        // then
        assertThat(result.outcome()).isEqualTo(SendResult.Outcome.REFUSED);
        assertThat(result.reason()).contains("hooks.example.com").contains("https");
    }

    @Test
    void shouldRetryOnAServerErrorKeepingOnlyAShortExcerptWithoutTheSecret() throws Exception {
        try (WebhookReceiver receiver = new WebhookReceiver(500)) {
            // given
            WebhookSender sender = new WebhookSender(Optional.of("boom"), List.of("127.0.0.1"),
                    Duration.ofSeconds(2), FIXED);

            // when: the receiver's answer happens to contain the secret ("boom: receiver failed")
            SendResult result = sender.send(receiver.url(), UUID.randomUUID(), "{}");

            // then
            assertThat(result.outcome()).isEqualTo(SendResult.Outcome.RETRY);
            assertThat(result.reason()).isEqualTo("webhook answered HTTP 500: [redacted]: receiver failed");
        }
    }
}
