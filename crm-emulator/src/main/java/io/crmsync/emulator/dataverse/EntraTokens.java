package io.crmsync.emulator.dataverse;

import io.crmsync.emulator.Reply;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Microsoft Entra ID v2.0 token endpoint ({@code POST /{tenant}/oauth2/v2.0/token}) for the client
 * credentials flow, and the tokens it issued: each lives {@value #LIFETIME} seconds.
 */
final class EntraTokens {

    static final Pattern PATH = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");
    static final int LIFETIME = 3599;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Map<String, Instant> issued = new ConcurrentHashMap<>();
    private final Supplier<Instant> now;
    volatile String tenantId = "8f0e4b1c-2a7d-4c55-9b7e-3d1f6a2c9e01";
    volatile String clientId = "crmsync";
    volatile String clientSecret = "crmsync-secret";

    EntraTokens(Supplier<Instant> now) {
        this.now = now;
    }

    /** Whether a bearer token was issued here and has not expired. */
    boolean valid(String token) {
        Instant expires = token == null ? null : issued.get(token);
        return expires != null && now.get().isBefore(expires);
    }

    void expireAll() {
        issued.replaceAll((t, e) -> Instant.EPOCH);
    }

    Reply token(String tenant, Map<String, String> form, String resource) {
        if (!tenant.equalsIgnoreCase(tenantId)) {
            return error(400, "invalid_request", 90002, "AADSTS90002: Tenant '" + tenant + "' not found. Check to "
                    + "make sure you have the correct tenant ID and are signing into the correct cloud.");
        }
        String grant = form.getOrDefault("grant_type", "");
        if (!grant.equals("client_credentials")) {
            return error(400, "unsupported_grant_type", 70003, "AADSTS70003: The app requested an unsupported "
                    + "grant type '" + grant + "'.");
        }
        if (!clientId.equals(form.get("client_id"))) {
            return error(400, "unauthorized_client", 700016, "AADSTS700016: Application with identifier '"
                    + form.get("client_id") + "' was not found in the directory '" + tenant + "'.");
        }
        if (!clientSecret.equals(form.get("client_secret"))) {
            return error(401, "invalid_client", 7000215, "AADSTS7000215: Invalid client secret provided. Ensure "
                    + "the secret being sent in the request is the client secret value, not the client secret ID, "
                    + "for a secret added to app '" + clientId + "'.");
        }
        String scope = form.getOrDefault("scope", "");
        if (!scope.endsWith("/.default")) {
            return error(400, "invalid_scope", 1002012, "AADSTS1002012: The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to "
                    + "the resource identifier (application ID URI).");
        }
        if (!scope.equals(resource + "/.default")) {
            return error(400, "invalid_resource", 500011, "AADSTS500011: The resource principal named "
                    + scope.substring(0, scope.length() - "/.default".length()) + " was not found in the tenant "
                    + "named " + tenant + ".");
        }
        String token = "eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("{\"aud\":\"" + resource + "\",\"tid\":\"" + tenant + "\",\"jti\":\""
                        + UUID.randomUUID() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8))
                + "." + UUID.randomUUID().toString().replace("-", "");
        issued.put(token, now.get().plusSeconds(LIFETIME));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("expires_in", LIFETIME);
        body.put("ext_expires_in", LIFETIME);
        body.put("access_token", token);
        return Reply.ok(body);
    }

    private Reply error(int status, String error, int code, String description) {
        String trace = UUID.randomUUID().toString();
        String correlation = UUID.randomUUID().toString();
        Instant at = now.get();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description + "\r\nTrace ID: " + trace + "\r\nCorrelation ID: " + correlation
                + "\r\nTimestamp: " + STAMP.format(at));
        body.put("error_codes", List.of(code));
        body.put("timestamp", STAMP.format(at));
        body.put("trace_id", trace);
        body.put("correlation_id", correlation);
        if (code == 7000215 || code == 700016) {
            body.put("error_uri", "https://login.microsoftonline.com/error?code=" + code);
        }
        return Reply.json(status, body);
    }

    static Matcher match(String path) {
        return PATH.matcher(path);
    }
}
