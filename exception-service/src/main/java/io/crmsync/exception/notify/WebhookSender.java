package io.crmsync.exception.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.crmsync.common.net.HostPolicy;

/**
 * POSTs a signed JSON body to a webhook. The receiver verifies {@code X-Crmsync-Signature: sha256=<hex>}, the
 * HMAC-SHA256 of {@code "<X-Crmsync-Timestamp>.<body>"} keyed with the shared secret. Before each POST the URL's
 * host is checked against SSRF (same rule as config-service applies when recipients are saved; checked again here
 * because a name may resolve elsewhere later). Redirects are not followed.
 */
class WebhookSender {

    static final String TIMESTAMP = "X-Crmsync-Timestamp";
    static final String SIGNATURE = "X-Crmsync-Signature";
    static final String EVENT_ID = "X-Crmsync-Event-Id";

    private final HttpClient http;
    private final HostPolicy hosts;
    private final Optional<String> secret;
    private final Duration timeout;
    private final Clock clock;

    WebhookSender(Optional<String> secret, List<String> allowedHosts, Duration timeout, Clock clock) {
        this.secret = secret.filter(s -> !s.isBlank());
        this.hosts = new HostPolicy("crmsync.notifications.allowed-hosts", allowedHosts);
        this.timeout = timeout;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    SendResult send(String url, UUID eventId, String body) {
        if (secret.isEmpty()) {
            return SendResult.refused("no webhook signing secret configured (crmsync.notifications.webhook-secret / "
                    + "CRMSYNC_NOTIFICATIONS_WEBHOOK_SECRET); webhooks are never sent unsigned");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return SendResult.refused("webhook address is not a valid URL");
        }
        Optional<String> refusal = refusal(uri);
        if (refusal.isPresent()) {
            return SendResult.refused(refusal.get());
        }
        // HostPolicy passes a name it cannot resolve (it could not check its addresses): not sent now, tried later.
        if (!resolvable(uri.getHost())) {
            return SendResult.retry("webhook host '" + uri.getHost() + "' does not resolve");
        }
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header("User-Agent", "crmsync-notifications")
                .header(TIMESTAMP, timestamp)
                .header(SIGNATURE, "sha256=" + sign(secret.get(), timestamp, body))
                .header(EVENT_ID, eventId.toString())
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            String excerpt;
            try (InputStream in = response.body()) {
                // Only a short excerpt is kept; the rest of a large body is never read.
                excerpt = new String(in.readNBytes(Excerpts.MAX), StandardCharsets.UTF_8);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return SendResult.delivered();
            }
            String shown = excerpt.isBlank() ? "" : ": " + Excerpts.shorten(excerpt.replace(secret.get(), "[redacted]"));
            return SendResult.retry("webhook answered HTTP " + status + shown);
        } catch (HttpTimeoutException e) {
            return SendResult.retry("webhook timed out after " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return SendResult.retry("webhook unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return SendResult.retry("interrupted");
        }
    }

    private Optional<String> refusal(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.of("webhook address must be an http(s) URL");
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null) {
            return Optional.of("webhook address must have a host and no user information");
        }
        String host = uri.getHost();
        Optional<String> refused = hosts.refusal(host);
        if (refused.isPresent()) {
            return Optional.of("webhook host '" + host + "' " + refused.get());
        }
        if (scheme.equals("http") && !hosts.allowListed(host)) {
            return Optional.of("webhook host '" + host + "' must be reached over https (plain http only for hosts "
                    + "in crmsync.notifications.allowed-hosts)");
        }
        return Optional.empty();
    }

    private static boolean resolvable(String host) {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        try {
            InetAddress.getAllByName(name);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Hex HMAC-SHA256 of {@code "<timestamp>.<body>"}. */
    static String sign(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
