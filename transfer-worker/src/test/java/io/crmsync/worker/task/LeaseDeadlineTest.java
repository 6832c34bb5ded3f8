package io.crmsync.worker.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LeaseDeadlineTest {

    private static final Instant WALL = Instant.parse("2024-03-01T10:00:00Z");
    private static final long SENT = Duration.ofSeconds(1_000).toNanos();

    private final AtomicLong nanos = new AtomicLong(SENT);
    private final LeaseDeadline deadline = new LeaseDeadline("task-1", 3, nanos::get,
            Clock.fixed(WALL, ZoneOffset.UTC));

    @Test
    void shouldEndAtTheSendTimePlusTheLeaseLeftLessATenthOfItAsMargin() {
        // given: 30 s left by this worker's wall clock when the answer came, for a request sent at SENT
        deadline.extend(SENT, WALL.plusSeconds(30));

        // then: 30 s - 3 s after the send, on the monotonic clock
        assertThat(expiredAt(Duration.ofSeconds(27).minusNanos(1))).isFalse();
        assertThat(expiredAt(Duration.ofSeconds(27))).isTrue();
    }

    @Test
    void shouldCountTheRequestsOwnLatencyAgainstTheLease() {
        // given: the answer came 2 s after the request was sent, granting a lease that ends 30 s after the send
        nanos.set(SENT + Duration.ofSeconds(2).toNanos());
        deadline.extend(SENT, WALL.plusSeconds(28));

        // then: measured from the send, 28 s less the 2.8 s margin
        assertThat(expiredAt(Duration.ofMillis(25_200).minusNanos(1))).isFalse();
        assertThat(expiredAt(Duration.ofMillis(25_200))).isTrue();
    }

    @Test
    void shouldKeepAtLeastOneSecondOfMarginOnAShortLease() {
        deadline.extend(SENT, WALL.plusSeconds(6));

        assertThat(expiredAt(Duration.ofSeconds(5).minusNanos(1))).isFalse();
        assertThat(expiredAt(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void shouldNeverMoveBackwards() {
        // given
        deadline.extend(SENT, WALL.plusSeconds(30));

        // when: a later grant that ends sooner (an answer delayed on the way), then one that ends later
        deadline.extend(SENT + Duration.ofSeconds(5).toNanos(), WALL.plusSeconds(10));
        boolean expiredAfterShorterGrant = expiredAt(Duration.ofSeconds(26));
        deadline.extend(SENT + Duration.ofSeconds(20).toNanos(), WALL.plusSeconds(30));

        // then
        assertThat(expiredAfterShorterGrant).isFalse();
        assertThat(expiredAt(Duration.ofSeconds(46).minusNanos(1))).isFalse();
        assertThat(expiredAt(Duration.ofSeconds(47))).isTrue();
    }

    @Test
    void shouldCompareAcrossTheWrapOfTheMonotonicClock() {
        // given: System.nanoTime may start anywhere, so the deadline may wrap past Long.MAX_VALUE
        long sent = Long.MAX_VALUE - Duration.ofSeconds(1).toNanos();
        nanos.set(sent);
        deadline.extend(sent, WALL.plusSeconds(30));

        // then
        nanos.set(sent + Duration.ofSeconds(26).toNanos());
        assertThat(deadline.expired()).isFalse();
        nanos.set(sent + Duration.ofSeconds(27).toNanos());
        assertThat(deadline.expired()).isTrue();
    }

    @Test
    void shouldNotExpireBeforeAnyGrant() {
        nanos.set(Long.MIN_VALUE);
        assertThat(deadline.expired()).isFalse();
        assertThat(LeaseDeadline.none().expired()).isFalse();
    }

    @Test
    void shouldRefuseOnceExpiredNamingTheTaskAndEpoch() {
        // given
        deadline.extend(SENT, WALL.plusSeconds(10));

        // when
        nanos.set(SENT + Duration.ofSeconds(9).toNanos());

        // then
        assertThatThrownBy(deadline::require).isInstanceOf(LeaseLostException.class)
                .hasMessage("lease of task task-1 at epoch 3 expired before this worker could renew it");
    }

    @Test
    void shouldStopTheTaskWhenTheControlFindsTheLeaseExpired() {
        // given
        deadline.extend(SENT, WALL.plusSeconds(10));
        TaskControl control = new TaskControl(deadline);
        control.requireLease();

        // when
        nanos.set(SENT + Duration.ofSeconds(9).toNanos());

        // then
        assertThatThrownBy(control::requireLease).isInstanceOf(LeaseLostException.class);
        assertThat(control.reason()).isEqualTo("lease expired");
    }

    private boolean expiredAt(Duration afterSend) {
        nanos.set(SENT + afterSend.toNanos());
        return deadline.expired();
    }
}
