package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.crmsync.worker.testing.LogCapture;

/** The breaker's state machine, on a clock the test moves. */
class EndpointBreakersTest {

    private long now = 1_000_000_000L;
    private final EndpointBreakers breakers = new EndpointBreakers(3, Duration.ofSeconds(30), () -> now);

    @Test
    void shouldOpenAfterTheFailuresInARowAndLetOneProbeThroughAfterTheCoolDown() {
        // given
        failTimes("a", 2);
        assertThat(breakers.admit("a")).isZero();

        // when
        breakers.failed("a");

        // then: refused for the cool-down, then one probe; others wait while it runs
        assertThat(breakers.state("a")).isEqualTo(EndpointBreakers.State.OPEN);
        assertThat(breakers.admit("a")).isEqualTo(Duration.ofSeconds(30));
        advance(Duration.ofSeconds(10));
        assertThat(breakers.admit("a")).isEqualTo(Duration.ofSeconds(20));
        advance(Duration.ofSeconds(20));
        assertThat(breakers.admit("a")).isZero();
        assertThat(breakers.state("a")).isEqualTo(EndpointBreakers.State.HALF_OPEN);
        assertThat(breakers.admit("a")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldKeepEndpointsApart() {
        // when
        failTimes("a", 3);

        // then
        assertThat(breakers.admit("a")).isPositive();
        assertThat(breakers.admit("b")).isZero();
        assertThat(breakers.state("b")).isEqualTo(EndpointBreakers.State.CLOSED);
    }

    @Test
    void shouldCountOnlyFailuresInARow() {
        // when
        failTimes("a", 2);
        breakers.succeeded("a");
        failTimes("a", 2);

        // then
        assertThat(breakers.state("a")).isEqualTo(EndpointBreakers.State.CLOSED);
        assertThat(breakers.admit("a")).isZero();
    }

    @Test
    void shouldDoubleTheCoolDownWhileProbesFailUpToFiveMinutes() {
        // given
        failTimes("a", 3);

        // when / then: 30 s, 60, 120, 240, then 300 s for good
        for (long seconds : new long[] {60, 120, 240, 300, 300}) {
            advance(breakers.admit("a"));
            assertThat(breakers.admit("a")).isZero();
            breakers.failed("a");
            assertThat(breakers.admit("a")).isEqualTo(Duration.ofSeconds(seconds));
        }
    }

    @Test
    void shouldCloseWhenTheProbeSucceedsAndStartOverWithTheFirstCoolDown() {
        // given: opened, one probe failed (cool-down 60 s), the next probe goes through
        failTimes("a", 3);
        advance(Duration.ofSeconds(30));
        breakers.admit("a");
        breakers.failed("a");
        advance(Duration.ofSeconds(60));
        assertThat(breakers.admit("a")).isZero();

        // when
        breakers.succeeded("a");

        // then
        assertThat(breakers.state("a")).isEqualTo(EndpointBreakers.State.CLOSED);
        failTimes("a", 3);
        assertThat(breakers.admit("a")).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shouldGiveUpAProbeThatNeverReportsAfterACoolDown() {
        // given: a probe let through whose task stopped before it could report
        failTimes("a", 3);
        advance(Duration.ofSeconds(30));
        assertThat(breakers.admit("a")).isZero();

        // when
        advance(Duration.ofSeconds(30));

        // then: another caller may probe
        assertThat(breakers.admit("a")).isZero();
    }

    @Test
    void shouldIgnoreFailuresOfCallsLetThroughBeforeItOpened() {
        // given
        failTimes("a", 3);
        advance(Duration.ofSeconds(10));

        // when
        breakers.failed("a");

        // then: the cool-down still ends when it would have
        assertThat(breakers.admit("a")).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void shouldLogOnceWhenItOpensAndOnceWhenItClosesNamingTheEndpointOnly() {
        try (LogCapture log = LogCapture.of(EndpointBreakers.class)) {
            // when: opens, a probe fails, the next one succeeds
            failTimes("ep-7", 5);
            advance(Duration.ofSeconds(30));
            breakers.admit("ep-7");
            breakers.failed("ep-7");
            advance(Duration.ofSeconds(60));
            breakers.admit("ep-7");
            breakers.succeeded("ep-7");
            breakers.succeeded("ep-7");

            // then
            assertThat(log.messages()).containsExactly(
                    "circuit breaker opened, leaving the endpoint alone endpoint_id=ep-7 failures=3 "
                            + "cool_down_ms=30000",
                    "circuit breaker closed, the endpoint answers again endpoint_id=ep-7");
        }
    }

    private void failTimes(String endpointId, int times) {
        for (int i = 0; i < times; i++) {
            breakers.failed(endpointId);
        }
    }

    private void advance(Duration duration) {
        now += duration.toNanos();
    }
}
