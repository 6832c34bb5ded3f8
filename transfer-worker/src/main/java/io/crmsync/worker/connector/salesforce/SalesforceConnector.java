package io.crmsync.worker.connector.salesforce;

import java.net.http.HttpClient;
import java.util.Map;
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
 * Salesforce orgs through the REST API. Settings {@code loginUrl} (or {@code instanceUrl}), {@code clientId},
 * {@code authFlow} ({@code client_credentials} or {@code refresh_token}; {@code jwt_bearer} is refused for now),
 * {@code apiVersion}, {@code timeZone}; secrets {@code clientSecret} and, for refresh tokens, {@code refreshToken}.
 * Hosts in the settings pass the worker's SSRF check before the connector sees them.
 */
@Singleton
@Named(SalesforceConnector.TYPE)
public class SalesforceConnector implements SourceConnector, TargetConnector {

    public static final String TYPE = "salesforce";
    static final Set<Operation> OPERATIONS = Set.of(Operation.OPERATION_UPSERT);

    private final HttpClient http;

    public SalesforceConnector() {
        this(SalesforceClient.httpClient());
    }

    SalesforceConnector(HttpClient http) {
        this.http = http;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Authenticates and reads the daily API allowance, which a connection test shows with the version. */
    @Override
    public ConnectorSession connect(EndpointAccess endpoint) {
        SalesforceClient client = open(endpoint);
        SalesforceJson.Limit daily = SalesforceJson.limit(client.ok("GET", client.settings().dataPath() + "/limits",
                null, Map.of(), "limits"), "DailyApiRequests");
        return new SalesforceSession(client, version(client) + ", " + daily.remaining() + " of " + daily.max()
                + " daily API requests left");
    }

    @Override
    public SourceSession openSource(EndpointAccess endpoint) {
        SalesforceClient client = open(endpoint);
        return new SalesforceSession(client, version(client));
    }

    @Override
    public TargetSession openTarget(EndpointAccess endpoint) {
        SalesforceClient client = open(endpoint);
        return new SalesforceSession(client, version(client));
    }

    @Override
    public Set<Operation> supportedOperations() {
        return OPERATIONS;
    }

    private SalesforceClient open(EndpointAccess endpoint) {
        SalesforceClient client = new SalesforceClient(SalesforceSettings.of(endpoint), http);
        client.authenticate();
        return client;
    }

    private static String version(SalesforceClient client) {
        return "Salesforce REST API " + client.settings().apiVersion();
    }
}
