package io.crmsync.config.endpoint;

import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import io.crmsync.common.error.CrmsyncException;

/**
 * Checks the free-form settings of an endpoint. Messages name the setting but never repeat its value: an
 * admin may have pasted a password into a URL.
 */
final class EndpointSettings {

    static final String JDBC_URL = "jdbcUrl";
    static final String USERNAME = "username";
    private static final int MAX_KEYS = 50;
    private static final int MAX_VALUE_LENGTH = 4000;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,99}");
    /** Any URL parameter whose name holds "password" (password, sslpassword, trustStorePassword, ...). */
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)[?&;(,]\\s*[a-z0-9_.-]*password\\s*=");
    /** user:secret@host in the authority part. */
    private static final Pattern USER_INFO = Pattern.compile("(?i)^jdbc:[a-z]+://[^/?#@]*:[^/?#@]*@");
    /** http only passes for allow-listed hosts, which {@link EndpointHostGuard} checks. */
    private static final Pattern HTTPS_URL = Pattern.compile("https?://[A-Za-z0-9.-]+(:\\d{1,5})?(/[^\\s]*)?");
    private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9._~-]{1,255}");
    private static final Pattern NON_BLANK = Pattern.compile("(?s).*\\S.*");
    private static final String USE_CREDENTIAL = "store secrets in the endpoint's credential "
            + "(PUT /api/v1/endpoints/{id}/credential {\"secrets\":{\"password\":\"...\"}})";

    private EndpointSettings() {
    }

    /** A sorted copy of valid settings for the type, or a 400 naming the first bad one. */
    static Map<String, String> validated(EndpointType type, Map<String, String> settings) {
        if (settings.size() > MAX_KEYS) {
            throw CrmsyncException.invalidField("settings", "must have at most " + MAX_KEYS + " entries");
        }
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            String field = "settings." + entry.getKey();
            if (!KEY.matcher(entry.getKey()).matches()) {
                throw CrmsyncException.invalidField("settings",
                        "keys must start with a letter and hold only letters, digits, '_', '.' and '-'");
            }
            if (looksSecret(entry.getKey())) {
                throw CrmsyncException.invalidField(field, "looks like a secret; " + USE_CREDENTIAL);
            }
            if (entry.getValue() == null) {
                throw CrmsyncException.invalidField(field, "must not be null");
            }
            if (entry.getValue().length() > MAX_VALUE_LENGTH) {
                throw CrmsyncException.invalidField(field, "must be at most " + MAX_VALUE_LENGTH + " characters");
            }
            copy.put(entry.getKey(), entry.getValue());
        }
        checkKnown(type, copy);
        if (type.isJdbc()) {
            checkJdbc(type, copy);
        }
        return copy;
    }

    /** What a setting's value must look like, and how to say so. */
    private record Rule(Predicate<String> accepts, String description) {

        Rule(Pattern shape, String description) {
            this(v -> shape.matcher(v).matches(), description);
        }
    }

    private static final Rule ANY = new Rule(Pattern.compile("(?s).+"), "not empty");
    private static final Rule HTTPS = new Rule(HTTPS_URL, "an https URL, e.g. https://login.salesforce.com");
    private static final Rule ID = new Rule(TOKEN_LIKE, "1 to 255 letters, digits, '.', '_', '~' or '-'");
    private static final Rule TEXT = new Rule(NON_BLANK, "not blank");
    /** The zone of wall-clock times (timestamp without zone, dates) in the endpoint; UTC when not set. */
    static final String TIME_ZONE = "timeZone";
    private static final Rule ZONE = new Rule(ZoneId.getAvailableZoneIds()::contains,
            "an IANA time zone such as Europe/Berlin");

    private static Rule oneOf(String... values) {
        return new Rule(Pattern.compile(String.join("|", values)), "one of " + String.join(", ", values));
    }

    /** The settings of each type; a setting not listed for the type is refused by name. */
    private static final Map<EndpointType, Map<String, Rule>> KNOWN = Map.of(
            EndpointType.POSTGRESQL, Map.of(JDBC_URL, ANY, USERNAME, ANY, TIME_ZONE, ZONE),
            EndpointType.MARIADB, Map.of(JDBC_URL, ANY, USERNAME, ANY, TIME_ZONE, ZONE),
            EndpointType.SALESFORCE, Map.of("loginUrl", HTTPS, "instanceUrl", HTTPS, "clientId", ID, USERNAME, TEXT,
                    "authFlow", oneOf("client_credentials", "jwt_bearer", "refresh_token"),
                    "apiVersion", new Rule(Pattern.compile("v\\d{2,3}\\.0"), "like v61.0"), TIME_ZONE, ZONE),
            EndpointType.HUBSPOT, Map.of("portalId", new Rule(Pattern.compile("\\d{1,20}"), "digits"),
                    "baseUrl", HTTPS, "clientId", ID, "authFlow", oneOf("private_app", "oauth"), TIME_ZONE, ZONE,
                    // how far before its window an incremental read searches, for records HubSpot indexed late
                    "searchLagSeconds", new Rule(Pattern.compile("\\d{1,5}"), "whole seconds, 0 to 99999")),
            // authorityUrl: the Entra ID host tokens come from (https://login.microsoftonline.com when not set;
            // national clouds use their own).
            EndpointType.DYNAMICS, Map.of("url", HTTPS, "tenantId", ID, "clientId", ID, "authorityUrl", HTTPS,
                    "apiVersion", new Rule(Pattern.compile("v\\d\\.\\d"), "like v9.2"), TIME_ZONE, ZONE),
            EndpointType.CSV, Map.of("path", TEXT, "delimiter", new Rule(Pattern.compile("(?s)."), "one character"),
                    "encoding", oneOf("UTF-8", "UTF-16", "ISO-8859-1", "windows-1252", "US-ASCII"),
                    "header", oneOf("true", "false"), TIME_ZONE, ZONE));

    private static void checkKnown(EndpointType type, Map<String, String> settings) {
        Map<String, Rule> known = KNOWN.get(type);
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            Rule rule = known.get(entry.getKey());
            if (rule == null) {
                throw CrmsyncException.invalidField("settings." + entry.getKey(), "is not a setting of " + wire(type)
                        + " endpoints; known: " + String.join(", ", new java.util.TreeSet<>(known.keySet())));
            }
            if (!rule.accepts().test(entry.getValue())) {
                throw CrmsyncException.invalidField("settings." + entry.getKey(), "must be " + rule.description());
            }
        }
        if (type == EndpointType.SALESFORCE && !settings.containsKey("loginUrl")
                && !settings.containsKey("instanceUrl")) {
            throw CrmsyncException.invalidField("settings.loginUrl",
                    "is required for salesforce endpoints (or instanceUrl), e.g. https://login.salesforce.com");
        }
        if (type == EndpointType.DYNAMICS && !settings.containsKey("url")) {
            throw CrmsyncException.invalidField("settings.url",
                    "is required for dynamics endpoints, e.g. https://org.crm.dynamics.com");
        }
    }

    private static void checkJdbc(EndpointType type, Map<String, String> settings) {
        String url = settings.get(JDBC_URL);
        if (url == null || url.isBlank()) {
            throw CrmsyncException.invalidField("settings." + JDBC_URL, "is required for " + wire(type) + " endpoints");
        }
        if (!url.startsWith(type.jdbcPrefix())) {
            throw CrmsyncException.invalidField("settings." + JDBC_URL,
                    "must start with " + type.jdbcPrefix() + " for " + wire(type) + " endpoints");
        }
        if (PASSWORD_PARAMETER.matcher(url).find() || USER_INFO.matcher(url).find()) {
            throw CrmsyncException.invalidField("settings." + JDBC_URL, "must not carry a password; " + USE_CREDENTIAL);
        }
        String username = settings.get(USERNAME);
        if (username == null || username.isBlank()) {
            throw CrmsyncException.invalidField("settings." + USERNAME, "is required for " + wire(type) + " endpoints");
        }
    }

    private static boolean looksSecret(String key) {
        String normalized = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return normalized.contains("password") || normalized.contains("secret") || normalized.endsWith("token")
                || normalized.equals("apikey") || normalized.equals("privatekey");
    }

    private static String wire(EndpointType type) {
        return type.name().toLowerCase(Locale.ROOT);
    }
}
