package io.crmsync.emulator.hubspot;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HubSpot's limits: per token a burst of {@code max} calls per rolling interval (150 per 10 s for a private app),
 * search 5 calls a second per account, and a daily quota that resets at midnight in the account's time zone. Every
 * answer carries the {@code X-HubSpot-RateLimit-*} headers; a call over a limit answers 429 and costs nothing.
 */
final class RateLimits {
    private static final class Window {
        Instant start = Instant.EPOCH;
        int used;
    }

    private volatile int intervalMax = 150;
    private volatile Duration interval = Duration.ofSeconds(10);
    private volatile int searchPerSecond = 5;
    private volatile long dailyMax = 500_000;
    private volatile ZoneId zone = ZoneOffset.UTC;
    private final Map<String, Window> perToken = new ConcurrentHashMap<>();
    private final Window search = new Window();
    private long dailyUsed;
    private LocalDate day;

    void interval(int max, Duration length) {
        intervalMax = max;
        interval = length;
        perToken.clear();
    }

    void searchPerSecond(int n) {
        searchPerSecond = n;
    }

    void daily(long max, ZoneId accountZone) {
        dailyMax = max;
        zone = accountZone;
    }

    synchronized void resetDaily() {
        dailyUsed = 0;
    }

    /**
     * Admits one call or throws the 429; returns the headers of the answer either way (set on the exception).
     */
    synchronized Map<String, String> admit(String token, boolean isSearch, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, zone);
        if (!today.equals(day)) {
            day = today;
            dailyUsed = 0;
        }
        Window w = perToken.computeIfAbsent(token, t -> new Window());
        roll(w, interval, now);
        roll(search, Duration.ofSeconds(1), now);
        String policy = null;
        if (dailyUsed >= dailyMax) {
            policy = "DAILY";
        } else if (w.used >= intervalMax) {
            policy = "TEN_SECONDLY_ROLLING";
        } else if (isSearch && search.used >= searchPerSecond) {
            policy = "SECONDLY";
        }
        if (policy == null) {
            dailyUsed++;
            w.used++;
            if (isSearch) {
                search.used++;
            }
        }
        Map<String, String> headers = headers(w);
        if (policy != null) {
            HubSpotException e = new HubSpotException(429, null, switch (policy) {
                case "DAILY" -> "You have reached your daily limit.";
                case "SECONDLY" -> "You have reached your secondly limit.";
                default -> "You have reached your ten_secondly_rolling limit.";
            }).with("errorType", "RATE_LIMIT").with("policyName", policy)
                    .with("requestId", UUID.randomUUID().toString());
            throw new Limited(e, headers);
        }
        return headers;
    }

    /** A refused call: the 429 and the headers it carries. */
    static final class Limited extends RuntimeException {
        final HubSpotException error;
        final Map<String, String> headers;

        Limited(HubSpotException error, Map<String, String> headers) {
            super(error.getMessage());
            this.error = error;
            this.headers = headers;
        }
    }

    private static void roll(Window w, Duration length, Instant now) {
        if (!now.isBefore(w.start.plus(length))) {
            w.start = now;
            w.used = 0;
        }
    }

    private Map<String, String> headers(Window w) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-HubSpot-RateLimit-Daily", Long.toString(dailyMax));
        h.put("X-HubSpot-RateLimit-Daily-Remaining", Long.toString(Math.max(0, dailyMax - dailyUsed)));
        h.put("X-HubSpot-RateLimit-Interval-Milliseconds", Long.toString(interval.toMillis()));
        h.put("X-HubSpot-RateLimit-Max", Integer.toString(intervalMax));
        h.put("X-HubSpot-RateLimit-Remaining", Integer.toString(Math.max(0, intervalMax - w.used)));
        return h;
    }
}
