package io.crmsync.worker.transfer;

import java.util.function.Supplier;

import io.crmsync.worker.connector.Connector;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.TargetConnector;

/** Picks a task's connectors and opens their sessions, turning connector failures into task failures. */
final class TaskConnectors {

    private TaskConnectors() {
    }

    static SourceConnector source(ConnectorRegistry registry, EndpointAccess endpoint) {
        if (find(registry, endpoint) instanceof SourceConnector source) {
            return source;
        }
        throw TransferFailure.configuration("the " + endpoint.type() + " connector cannot read from endpoint '"
                + endpoint.name() + "' yet");
    }

    static TargetConnector target(ConnectorRegistry registry, EndpointAccess endpoint) {
        if (find(registry, endpoint) instanceof TargetConnector target) {
            return target;
        }
        throw TransferFailure.configuration("the " + endpoint.type() + " connector cannot write to endpoint '"
                + endpoint.name() + "' yet");
    }

    static <S extends ConnectorSession> S open(EndpointAccess endpoint, EndpointRole role, Supplier<S> opener) {
        try {
            return opener.get();
        } catch (ConnectorException e) {
            throw role.failure(e, endpoint);
        }
    }

    /** The object's description, or null when the endpoint has no such object. */
    static ObjectDescription describe(ConnectorSession session, String object, EndpointRole role,
            EndpointAccess endpoint) {
        try {
            return session.describe(object).orElse(null);
        } catch (ConnectorException e) {
            throw role.failure(e, endpoint);
        }
    }

    private static Connector find(ConnectorRegistry registry, EndpointAccess endpoint) {
        return registry.find(endpoint.type()).orElseThrow(() -> TransferFailure.configuration(
                "no connector for endpoint type " + endpoint.type() + " yet (endpoint '" + endpoint.name() + "')"));
    }
}
