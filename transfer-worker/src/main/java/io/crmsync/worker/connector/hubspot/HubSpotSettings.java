package io.crmsync.worker.connector.hubspot;

import java.net.URI;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;

/**
 * A HubSpot endpoint's settings and secrets as the connector uses them; {@link #toString()} leaves the secrets out.
 *
 * @param baseUrl the API host, {@code https://api.hubapi.com} unless set
 * @param authFlow {@code private_app} (secret {@code accessToken}) or {@code oauth} (setting {@code clientId},
 *        secrets {@code clientSecret} and {@code refreshToken})
 * @param timeZone the portal's time zone: date-times without an offset are meant there, and the daily API limit
 *        resets at its midnight
 * @param searchLag how far back an incremental read reaches before its window, for records search indexed late
 */
record HubSpotSettings(String name, URI baseUrl, String authFlow, String clientId, ZoneId timeZone,
        Duration searchLag, String accessToken, String clientSecret, String refreshToken) {

    static final String DEFAULT_BASE_URL = "https://api.hubapi.com";
    /** HubSpot indexes writes for search within seconds, rarely a minute or more; two minutes covers that. */
    static final Duration DEFAULT_SEARCH_LAG = Duration.ofMinutes(2);

    static HubSpotSettings of(EndpointAccess endpoint) {
        String base = endpoint.setting("baseUrl").isEmpty() ? DEFAULT_BASE_URL : endpoint.setting("baseUrl");
        if (!base.startsWith("https://") && !base.startsWith("http://")) {
            throw configuration(endpoint, "has baseUrl '" + base + "'; expected an https URL such as "
                    + DEFAULT_BASE_URL);
        }
        URI uri;
        try {
            uri = URI.create(base.replaceFirst("/+$", ""));
        } catch (IllegalArgumentException e) {
            throw configuration(endpoint, "has a malformed baseUrl");
        }
        String flow = endpoint.setting("authFlow").isEmpty() ? "private_app" : endpoint.setting("authFlow");
        if (flow.equals("private_app")) {
            if (endpoint.secret("accessToken").isEmpty()) {
                throw configuration(endpoint, "uses authFlow private_app but has no secret accessToken");
            }
        } else if (flow.equals("oauth")) {
            if (endpoint.setting("clientId").isEmpty() || endpoint.secret("clientSecret").isEmpty()
                    || endpoint.secret("refreshToken").isEmpty()) {
                throw configuration(endpoint, "uses authFlow oauth, which needs clientId and the secrets clientSecret "
                        + "and refreshToken");
            }
        } else {
            throw configuration(endpoint, "has an unknown authFlow '" + flow + "'; use private_app or oauth");
        }
        ZoneId zone;
        try {
            zone = endpoint.setting("timeZone").isEmpty() ? ZoneOffset.UTC : ZoneId.of(endpoint.setting("timeZone"));
        } catch (DateTimeException e) {
            throw configuration(endpoint, "has an unknown timeZone '" + endpoint.setting("timeZone") + "'");
        }
        Duration lag = DEFAULT_SEARCH_LAG;
        if (!endpoint.setting("searchLagSeconds").isEmpty()) {
            try {
                lag = Duration.ofSeconds(Long.parseLong(endpoint.setting("searchLagSeconds")));
            } catch (NumberFormatException e) {
                throw configuration(endpoint, "has searchLagSeconds '" + endpoint.setting("searchLagSeconds")
                        + "'; expected a whole number of seconds");
            }
            if (lag.isNegative()) {
                throw configuration(endpoint, "has a negative searchLagSeconds");
            }
        }
        return new HubSpotSettings(endpoint.name(), uri, flow, endpoint.setting("clientId"), zone, lag,
                endpoint.secret("accessToken"), endpoint.secret("clientSecret"), endpoint.secret("refreshToken"));
    }

    boolean oauth() {
        return authFlow.equals("oauth");
    }

    private static ConnectorException configuration(EndpointAccess endpoint, String problem) {
        return new ConnectorException(Reason.CONFIGURATION, "hubspot endpoint '" + endpoint.name() + "' " + problem);
    }

    @Override
    public String toString() {
        return "HubSpotSettings[name=" + name + ", baseUrl=" + baseUrl + ", authFlow=" + authFlow + ", timeZone="
                + timeZone + ", searchLag=" + searchLag + "]";
    }
}
