package io.crmsync.worker.connector.dynamics;

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
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

/**
 * Dataverse (Dynamics 365) organizations through the Web API. Settings {@code url} (the organization URL),
 * {@code tenantId}, {@code clientId}, {@code apiVersion} (default v9.2), {@code timeZone}, {@code authorityUrl}
 * (default https://login.microsoftonline.com); secret {@code clientSecret}. Both hosts pass the worker's SSRF check
 * before the connector sees them; links the API sends must stay below the organization's Web API root.
 */
@Singleton
@Named(DynamicsConnector.TYPE)
public class DynamicsConnector implements SourceConnector, TargetConnector {

    public static final String TYPE = "dynamics";

    private final HttpClient http;
    private final Clock clock;

    @Inject
    public DynamicsConnector() {
        this(DynamicsClient.httpClient(), Clock.systemUTC());
    }

    /** @param clock decides when a token is near its end, so tests can move time */
    DynamicsConnector(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * Gets a token (the app registration, its secret, the scope) and calls WhoAmI, which proves the organization
     * URL answers and the application user exists there.
     */
    @Override
    public ConnectorSession connect(EndpointAccess endpoint) {
        DynamicsClient client = new DynamicsClient(DynamicsSettings.of(endpoint), http, clock);
        String organization = DynamicsJson.tree(client.ok("GET", client.settings().servicePath() + "/WhoAmI", null,
                java.util.Map.of(), "WhoAmI")).path("OrganizationId").asText("?");
        return new DynamicsSession(client, "Dataverse Web API " + client.settings().apiVersion() + ", organization "
                + organization);
    }

    @Override
    public SourceSession openSource(EndpointAccess endpoint) {
        return open(endpoint);
    }

    @Override
    public TargetSession openTarget(EndpointAccess endpoint) {
        return open(endpoint);
    }

    /** Deletions come from the organization's audit log (see {@link DynamicsSession#readDeleted}). */
    @Override
    public boolean readsDeletedRecords() {
        return true;
    }

    @Override
    public Set<Operation> supportedOperations() {
        return DynamicsBatch.OPERATIONS;
    }

    private DynamicsSession open(EndpointAccess endpoint) {
        DynamicsClient client = new DynamicsClient(DynamicsSettings.of(endpoint), http, clock);
        client.authenticate();
        return new DynamicsSession(client, "Dataverse Web API " + client.settings().apiVersion());
    }
}
