package io.crmsync.worker.connector.salesforce;

import java.net.http.HttpClient;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.net.HostPolicy;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.worker.connector.TargetSession;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Salesforce orgs through the REST API. Settings {@code loginUrl} (or {@code instanceUrl}), {@code clientId},
 * {@code authFlow} ({@code client_credentials}, {@code refresh_token}, or {@code jwt_bearer} with {@code username}),
 * {@code apiVersion}, {@code timeZone}; secrets {@code clientSecret} and, for refresh tokens, {@code refreshToken};
 * for {@code jwt_bearer} only {@code privateKey} (PKCS#8 PEM).
 * Hosts in the settings pass the worker's SSRF check before the connector sees them.
 */
@Singleton
@Named(SalesforceConnector.TYPE)
public class SalesforceConnector implements SourceConnector, TargetConnector {

    public static final String TYPE = "salesforce";
    static final Set<Operation> OPERATIONS = Set.of(Operation.OPERATION_UPSERT);

    private final HttpClient http;
    private final HostPolicy hosts;

    /**
     * @param hosts the worker's SSRF policy: the endpoint's own hosts were checked before a task gets here, but
     *        the instance the token answer names is only known now, and gets the same check
     */
    public SalesforceConnector(HostPolicy hosts) {
        this(SalesforceClient.httpClient(), hosts);
    }

    @Inject
    SalesforceConnector(@ConfigProperty(name = "crmsync.endpoints.allowed-hosts") Optional<List<String>> allowed) {
        this(new HostPolicy(allowed.orElse(List.of())));
    }

    SalesforceConnector(HttpClient http, HostPolicy hosts) {
        this.http = http;
        this.hosts = hosts;
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

    /** Deleted records stay in the recycle bin for 15 days, which {@code queryAll} reads. */
    @Override
    public boolean readsDeletedRecords() {
        return true;
    }

    @Override
    public Set<Operation> supportedOperations() {
        return OPERATIONS;
    }

    private SalesforceClient open(EndpointAccess endpoint) {
        SalesforceClient client = new SalesforceClient(SalesforceSettings.of(endpoint), http, hosts);
        client.authenticate();
        return client;
    }

    private static String version(SalesforceClient client) {
        return "Salesforce REST API " + client.settings().apiVersion();
    }
}
