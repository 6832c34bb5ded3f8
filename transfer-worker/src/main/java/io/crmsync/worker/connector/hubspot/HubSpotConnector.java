package io.crmsync.worker.connector.hubspot;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Set;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetSession;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * HubSpot portals through the CRM v3 API. Settings {@code baseUrl} (default {@code https://api.hubapi.com}),
 * {@code authFlow} ({@code private_app} with secret {@code accessToken}, or {@code oauth} with {@code clientId} and
 * secrets {@code clientSecret} and {@code refreshToken}), {@code timeZone}, and {@code searchLagSeconds} (how far
 * before its window an incremental read starts, default 120, for records search indexed late). The base URL's host
 * passes the worker's SSRF check before the connector sees it; HubSpot names no other host at run time.
 * <p>
 * Rate limits: a 429 becomes {@link io.crmsync.worker.connector.ConnectorException#rateLimited} with the wait its
 * policy needs (a second for search, the burst interval, or until the portal's midnight for the daily quota), so
 * the engine waits instead of calling again at once.
 */
@Singleton
@Named(HubSpotConnector.TYPE)
public class HubSpotConnector implements SourceConnector, TargetConnector {

    public static final String TYPE = "hubspot";
    static final Set<Operation> OPERATIONS = Set.of(Operation.OPERATION_UPSERT, Operation.OPERATION_DELETE);
    private static final String VERSION = "HubSpot CRM API v3";

    private final HttpClient http;
    private final Clock clock;

    public HubSpotConnector() {
        this(HubSpotClient.httpClient(), Clock.systemUTC());
    }

    HubSpotConnector(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Checks the credential with one small list call, whose headers tell the daily allowance left. */
    @Override
    public ConnectorSession connect(EndpointAccess endpoint) {
        HubSpotClient client = open(endpoint);
        HubSpotClient.Response response = client.call("GET", "/crm/v3/objects/contacts?limit=1", null);
        if (!response.ok() && response.status() != 403) { // a token without the contacts scope is still valid
            throw client.failure(response, "connection test");
        }
        String daily = response.dailyRemaining() == null ? "" : ", " + response.dailyRemaining() + " of "
                + response.daily() + " daily API calls left";
        return new HubSpotSession(client, VERSION + daily);
    }

    @Override
    public SourceSession openSource(EndpointAccess endpoint) {
        return new HubSpotSession(open(endpoint), VERSION);
    }

    @Override
    public TargetSession openTarget(EndpointAccess endpoint) {
        return new HubSpotSession(open(endpoint), VERSION);
    }

    /** Archived records stay listed for 90 days, which {@code archived=true} reads. */
    @Override
    public boolean readsDeletedRecords() {
        return true;
    }

    @Override
    public Set<Operation> supportedOperations() {
        return OPERATIONS;
    }

    private HubSpotClient open(EndpointAccess endpoint) {
        HubSpotClient client = new HubSpotClient(HubSpotSettings.of(endpoint), http, clock);
        if (client.settings().oauth()) {
            client.refresh();
        }
        return client;
    }
}
