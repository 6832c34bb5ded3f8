package io.crmsync.worker.connector.salesforce;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;

/**
 * A Salesforce endpoint's settings and secrets as the connector uses them. {@link #toString()} leaves the secrets
 * out, since settings end up in logs.
 *
 * @param name the endpoint's name, for messages
 * @param loginUrl where tokens come from, e.g. {@code https://login.salesforce.com}
 * @param clientId the connected app's consumer key
 * @param authFlow {@code client_credentials}, {@code refresh_token} or {@code jwt_bearer}
 * @param apiVersion e.g. {@code v61.0}
 * @param timeZone the zone in which date-times without an offset are meant when written
 * @param clientSecret the connected app's consumer secret
 * @param refreshToken the refresh token, for flow {@code refresh_token}
 * @param username the user a {@code jwt_bearer} token is for
 * @param jwt the signer of {@code jwt_bearer} assertions (holding the secret {@code privateKey}), else null
 */
record SalesforceSettings(String name, URI loginUrl, String clientId, String authFlow, String apiVersion,
        ZoneId timeZone, String clientSecret, String refreshToken, String username, JwtAssertion jwt) {

    static final String DEFAULT_API_VERSION = "v61.0";
    private static final Pattern API_VERSION = Pattern.compile("v\\d{2,3}\\.0");

    static SalesforceSettings of(EndpointAccess endpoint) {
        String base = endpoint.setting("loginUrl").isEmpty() ? endpoint.setting("instanceUrl")
                : endpoint.setting("loginUrl");
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw configuration(endpoint, "needs loginUrl (or instanceUrl), an https URL such as "
                    + "https://login.salesforce.com");
        }
        URI login;
        try {
            login = URI.create(base.replaceFirst("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw configuration(endpoint, "has a malformed loginUrl");
        }
        String flow = endpoint.setting("authFlow").isEmpty() ? "client_credentials" : endpoint.setting("authFlow");
        switch (flow) {
            case "client_credentials", "refresh_token", "jwt_bearer" -> {
            }
            default -> throw configuration(endpoint, "has an unknown authFlow '" + flow + "'");
        }
        String version = endpoint.setting("apiVersion").isEmpty() ? DEFAULT_API_VERSION
                : endpoint.setting("apiVersion");
        if (!API_VERSION.matcher(version).matches()) {
            throw configuration(endpoint, "has apiVersion '" + version + "'; expected a form like v61.0");
        }
        if (endpoint.setting("clientId").isEmpty()) {
            throw configuration(endpoint, "needs clientId, the connected app's consumer key");
        }
        JwtAssertion jwt = null;
        if (flow.equals("jwt_bearer")) {
            if (endpoint.setting("username").isEmpty() || endpoint.secret("privateKey").isEmpty()) {
                throw configuration(endpoint, "uses authFlow jwt_bearer, which needs the setting username and the "
                        + "secret privateKey");
            }
            jwt = JwtAssertion.of(endpoint.secret("privateKey"), endpoint.name());
        } else if (endpoint.secret("clientSecret").isEmpty()) {
            throw configuration(endpoint, "needs the secret clientSecret");
        }
        if (flow.equals("refresh_token") && endpoint.secret("refreshToken").isEmpty()) {
            throw configuration(endpoint, "uses authFlow refresh_token but has no secret refreshToken");
        }
        ZoneId zone;
        try {
            zone = endpoint.setting("timeZone").isEmpty() ? ZoneOffset.UTC : ZoneId.of(endpoint.setting("timeZone"));
        } catch (DateTimeException e) {
            throw configuration(endpoint, "has an unknown timeZone '" + endpoint.setting("timeZone") + "'");
        }
        return new SalesforceSettings(endpoint.name(), login, endpoint.setting("clientId"), flow, version, zone,
                endpoint.secret("clientSecret"), endpoint.secret("refreshToken"), endpoint.setting("username"), jwt);
    }

    /** The REST base path of this API version, e.g. {@code /services/data/v61.0}. */
    String dataPath() {
        return "/services/data/" + apiVersion;
    }

    private static ConnectorException configuration(EndpointAccess endpoint, String problem) {
        return new ConnectorException(Reason.CONFIGURATION, "salesforce endpoint '" + endpoint.name() + "' " + problem);
    }

    @Override
    public String toString() {
        return "SalesforceSettings[name=" + name + ", loginUrl=" + loginUrl + ", authFlow=" + authFlow
                + ", apiVersion=" + apiVersion + "]";
    }
}
