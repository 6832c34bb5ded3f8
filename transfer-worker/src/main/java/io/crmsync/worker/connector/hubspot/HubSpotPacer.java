package io.crmsync.worker.connector.hubspot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;

/**
 * Keeps this process under one of HubSpot's call-rate limits instead of finding it by 429s: at most {@code max}
 * calls in any span of {@code interval}, every session of one token (or one account, for search) drawing from the
 * same window. The burst limit is learned from the answers' {@code X-HubSpot-RateLimit-Max} and
 * {@code -Interval-Milliseconds}; calls other processes make with the same token show in {@code -Remaining}, and
 * are counted in when HubSpot says fewer calls remain than this process thinks. A 429 that still happens (another
 * client, a limit lowered) goes to the engine's wait as before.
 */
final class HubSpotPacer {

    /** Slack for the time a request takes to reach HubSpot, so two calls an interval apart here are apart there. */
    private static final long MARGIN_NANOS = Duration.ofMillis(150).toNanos();
    private static final Map<String, HubSpotPacer> SHARED = new ConcurrentHashMap<>();

    private final Deque<Long> sent = new ArrayDeque<>();
    private int max;
    private long intervalNanos;

    private HubSpotPacer(int max, Duration interval) {
        this.max = max;
        this.intervalNanos = interval.toNanos();
    }

    /** The pacer of this key (a token's burst window, or an account's search window), created with these limits. */
    static HubSpotPacer shared(String key, int max, Duration interval) {
        return SHARED.computeIfAbsent(key, k -> new HubSpotPacer(max, interval));
    }

    /** Waits until one more call fits in the window, then counts it as sent now. */
    synchronized void acquire() {
        while (true) {
            long now = System.nanoTime();
            while (!sent.isEmpty() && now - sent.peekFirst() >= intervalNanos + MARGIN_NANOS) {
                sent.pollFirst();
            }
            if (sent.size() < max) {
                sent.addLast(now);
                return;
            }
            long waitNanos = sent.peekFirst() + intervalNanos + MARGIN_NANOS - now;
            try {
                wait(Math.max(1, (waitNanos + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectorException(Reason.TRANSIENT, "hubspot call interrupted while pacing");
            }
        }
    }

    /**
     * Takes in an answer's burst headers (any may be null): the window's size and length, and the calls HubSpot
     * says remain, which counts other clients' calls in.
     */
    synchronized void observe(String maxHeader, String intervalMillisHeader, String remainingHeader) {
        Integer newMax = number(maxHeader);
        Integer millis = number(intervalMillisHeader);
        if (newMax != null && newMax > 0) {
            max = newMax;
        }
        if (millis != null && millis > 0) {
            intervalNanos = Duration.ofMillis(millis).toNanos();
        }
        Integer remaining = number(remainingHeader);
        if (remaining != null) {
            long now = System.nanoTime();
            for (int unseen = max - sent.size() - remaining; unseen > 0; unseen--) {
                sent.addLast(now);
            }
        }
        notifyAll();
    }

    private static Integer number(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Integer.valueOf(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
