package io.crmsync.worker.transfer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jboss.logging.Logger;

/**
 * Circuit breakers of the endpoints this worker process calls, one per endpoint id and shared by all its tasks, so
 * that a server that is down is not hammered by every batch of every task: after {@code failures} transient
 * failures in a row the breaker opens and the endpoint is left alone for a cool-down; then one call goes through as a
 * probe (half-open). A success closes the breaker; a failed probe opens it again for twice the cool-down, up to
 * {@link #MAX_COOL_DOWN}. A probe that never reports back (its task stopped) is given up after a cool-down.
 * <p>
 * Hand-written rather than SmallRye Fault Tolerance's programmatic {@code Guard} (present in the bundled 6.9.3):
 * a Guard holds one breaker and is not keyed, its breaker counts a failure ratio over a rolling window rather than
 * failures in a row, keeps a fixed delay, rejects with {@code CircuitBreakerOpenException} without saying how long
 * the cool-down still runs (which the retry loop needs, to wait rather than fail), takes no clock for tests, and
 * {@code Guard.create()} needs the CDI container (the only {@code Spi} shipped is {@code CdiSpi}), while the engine
 * runs without CDI in tests.
 */
final class EndpointBreakers {

    /** The longest cool-down, however often the probes fail. */
    static final Duration MAX_COOL_DOWN = Duration.ofMinutes(5);

    private static final Logger LOG = Logger.getLogger(EndpointBreakers.class);

    enum State {
        CLOSED, OPEN, HALF_OPEN
    }

    private final int threshold;
    private final long coolDown;
    private final long maxCoolDown;
    private final LongSupplier nanoClock;
    private final Map<String, Breaker> breakers = new ConcurrentHashMap<>();

    EndpointBreakers(int failures, Duration coolDown) {
        this(failures, coolDown, System::nanoTime);
    }

    /** @param nanoClock a monotonic clock in nanoseconds, like {@link System#nanoTime()} */
    EndpointBreakers(int failures, Duration coolDown, LongSupplier nanoClock) {
        this.threshold = failures;
        this.coolDown = coolDown.toNanos();
        this.maxCoolDown = Math.max(this.coolDown, MAX_COOL_DOWN.toNanos());
        this.nanoClock = nanoClock;
    }

    /**
     * Zero when the endpoint may be called now (closed, or this caller is the half-open probe); otherwise how long
     * until it may be asked again.
     */
    Duration admit(String endpointId) {
        return breaker(endpointId).admit();
    }

    /** The endpoint answered: the breaker closes. */
    void succeeded(String endpointId) {
        breaker(endpointId).succeeded();
    }

    /** The endpoint failed transiently or could not be reached. */
    void failed(String endpointId) {
        breaker(endpointId).failed();
    }

    State state(String endpointId) {
        return breaker(endpointId).state();
    }

    private Breaker breaker(String endpointId) {
        return breakers.computeIfAbsent(endpointId, Breaker::new);
    }

    private final class Breaker {

        private final String endpointId;
        private State state = State.CLOSED;
        private int failures;
        private long currentCoolDown = coolDown;
        /** OPEN: when the cool-down ends; HALF_OPEN: when an unanswered probe is given up. */
        private long until;

        Breaker(String endpointId) {
            this.endpointId = endpointId;
        }

        synchronized Duration admit() {
            if (state == State.CLOSED) {
                return Duration.ZERO;
            }
            long now = nanoClock.getAsLong();
            if (now - until < 0) {
                return Duration.ofNanos(until - now);
            }
            state = State.HALF_OPEN;
            until = now + currentCoolDown;
            return Duration.ZERO;
        }

        synchronized void succeeded() {
            if (state != State.CLOSED) {
                LOG.infof("circuit breaker closed, the endpoint answers again endpoint_id=%s", endpointId);
            }
            state = State.CLOSED;
            failures = 0;
            currentCoolDown = coolDown;
        }

        synchronized void failed() {
            switch (state) {
                case CLOSED -> {
                    if (++failures >= threshold) {
                        open(coolDown);
                        LOG.warnf("circuit breaker opened, leaving the endpoint alone endpoint_id=%s failures=%d "
                                + "cool_down_ms=%d", endpointId, failures, currentCoolDown / 1_000_000);
                    }
                }
                case HALF_OPEN -> open(Math.min(currentCoolDown * 2, maxCoolDown));
                case OPEN -> {
                    // a call let through before the breaker opened; the cool-down already runs
                }
            }
        }

        synchronized State state() {
            return state;
        }

        private void open(long nanos) {
            state = State.OPEN;
            currentCoolDown = nanos;
            until = nanoClock.getAsLong() + nanos;
        }
    }
}
