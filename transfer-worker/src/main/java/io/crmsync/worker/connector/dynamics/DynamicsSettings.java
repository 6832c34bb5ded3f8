package io.crmsync.worker.connector.dynamics;

import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.regex.Pattern;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;

/**
 * A Dataverse endpoint's settings and secret as the connector uses them. {@link #toString()} leaves the secret out,
 * since settings end up in logs.
 *
 * @param name the endpoint's name, for messages
 * @param url the organization URL, e.g. {@code https://org.crm.dynamics.com}; also the token scope's resource
 * @param tenantId the Entra ID tenant (directory) id
 * @param clientId the app registration's application (client) id
 * @param apiVersion e.g. {@code v9.2}
 * @param timeZone the zone in which date-times without an offset are meant when written
 * @param authorityUrl where tokens come from, {@code https://login.microsoftonline.com} unless set
 * @param clientSecret the app registration's client secret
 */
record DynamicsSettings(String name, URI url, String tenantId, String clientId, String apiVersion, ZoneId timeZone,
        URI authorityUrl, String clientSecret) {

    static final String DEFAULT_API_VERSION = "v9.2";
    static final String DEFAULT_AUTHORITY = "https://login.microsoftonline.com";
    private static final Pattern API_VERSION = Pattern.compile("v9\\.\\d");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._~-]{1,255}");

    static DynamicsSettings of(EndpointAccess endpoint) {
        URI url = httpUrl(endpoint, "url", endpoint.setting("url"), "an https URL such as https://org.crm.dynamics.com");
        String authority = endpoint.setting("authorityUrl").isEmpty() ? DEFAULT_AUTHORITY
                : endpoint.setting("authorityUrl");
        URI authorityUrl = httpUrl(endpoint, "authorityUrl", authority, "an https URL such as " + DEFAULT_AUTHORITY);
        String version = endpoint.setting("apiVersion").isEmpty() ? DEFAULT_API_VERSION
                : endpoint.setting("apiVersion");
        if (!API_VERSION.matcher(version).matches()) {
            throw configuration(endpoint, "has apiVersion '" + version + "'; expected a form like v9.2");
        }
        if (!ID.matcher(endpoint.setting("tenantId")).matches()) {
            throw configuration(endpoint, "needs tenantId, the Entra ID tenant (directory) id");
        }
        if (!ID.matcher(endpoint.setting("clientId")).matches() || endpoint.secret("clientSecret").isEmpty()) {
            throw configuration(endpoint, "needs clientId and the secret clientSecret of an app registration");
        }
        ZoneId zone;
        try {
            zone = endpoint.setting("timeZone").isEmpty() ? ZoneOffset.UTC : ZoneId.of(endpoint.setting("timeZone"));
        } catch (DateTimeException e) {
            throw configuration(endpoint, "has an unknown timeZone '" + endpoint.setting("timeZone") + "'");
        }
        return new DynamicsSettings(endpoint.name(), url, endpoint.setting("tenantId"), endpoint.setting("clientId"),
                version, zone, authorityUrl, endpoint.secret("clientSecret"));
    }

    private static URI httpUrl(EndpointAccess endpoint, String key, String value, String expected) {
        if (!value.startsWith("https://") && !value.startsWith("http://")) {
            throw configuration(endpoint, "needs " + key + ", " + expected);
        }
        try {
            URI uri = URI.create(value.replaceFirst("/+$", ""));
            if (uri.getHost() == null) {
                throw configuration(endpoint, "has a malformed " + key);
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw configuration(endpoint, "has a malformed " + key);
        }
    }

    /** The Web API root path, e.g. {@code /api/data/v9.2}. */
    String servicePath() {
        return "/api/data/" + apiVersion;
    }

    /** The Web API root URL; every link the API sends must stay below it. */
    String serviceRoot() {
        return url + servicePath();
    }

    URI tokenUri() {
        return URI.create(authorityUrl + "/" + tenantId + "/oauth2/v2.0/token");
    }

    /** The client-credentials scope: the organization URL's {@code .default} permissions. */
    String scope() {
        return url + "/.default";
    }

    static ConnectorException configuration(EndpointAccess endpoint, String problem) {
        return new ConnectorException(Reason.CONFIGURATION, "dynamics endpoint '" + endpoint.name() + "' " + problem);
    }

    @Override
    public String toString() {
        return "DynamicsSettings[name=" + name + ", url=" + url + ", tenantId=" + tenantId + ", clientId=" + clientId
                + ", apiVersion=" + apiVersion + ", authorityUrl=" + authorityUrl + "]";
    }
}
