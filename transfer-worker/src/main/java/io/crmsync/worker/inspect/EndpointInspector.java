package io.crmsync.worker.inspect;

import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.worker.connector.Connector;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorRegistry;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.remote.ConfigClient;
import io.grpc.Status;
import jakarta.inject.Singleton;

/** Connects to an endpoint on an admin's behalf, to test the connection or describe an object. */
@Singleton
public class EndpointInspector {

    private final ConfigClient config;
    private final ConnectorRegistry connectors;

    EndpointInspector(ConfigClient config, ConnectorRegistry connectors) {
        this.config = config;
        this.connectors = connectors;
    }

    /** The outcome of a connection test, safe to show to admins. */
    public record ConnectionTest(boolean ok, String message) {
    }

    /** Connects and authenticates; a failure is an outcome, not an error. */
    public ConnectionTest testConnection(String endpointId) {
        EndpointAccess endpoint;
        try {
            endpoint = config.getEndpointAccess(require("endpoint_id", endpointId));
        } catch (CrmsyncException e) {
            if (e.code().grpcCode() == Status.Code.FAILED_PRECONDITION) {
                return new ConnectionTest(false, e.getMessage()); // refused by the worker's host check
            }
            throw e;
        }
        Connector connector = connectors.find(endpoint.type()).orElse(null);
        if (connector == null) {
            return new ConnectionTest(false, "no connector for endpoint type " + endpoint.type() + " yet");
        }
        try (ConnectorSession session = connector.connect(endpoint)) {
            return new ConnectionTest(true, "connected to " + session.serverVersion());
        } catch (ConnectorException e) {
            return new ConnectionTest(false, "endpoint '" + endpoint.name() + "': " + e.getMessage());
        }
    }

    /** The object's fields in natural order; NOT_FOUND when the endpoint has no such object. */
    public List<ObjectDescription.Field> describeObject(String endpointId, String objectName) {
        require("endpoint_id", endpointId);
        require("object_name", objectName);
        EndpointAccess endpoint = config.getEndpointAccess(endpointId);
        Connector connector = connectors.find(endpoint.type()).orElseThrow(() -> new CrmsyncException(
                InspectErrors.CONNECTOR_MISSING, "no connector for endpoint type " + endpoint.type() + " yet"));
        try (ConnectorSession session = connect(connector, endpoint)) {
            return session.describe(objectName).orElseThrow(() -> new CrmsyncException(InspectErrors.OBJECT_NOT_FOUND,
                    "object '" + objectName + "' does not exist on endpoint '" + endpoint.name() + "'"))
                    .fields();
        } catch (ConnectorException e) {
            if (e.reason() == ConnectorException.Reason.CONFIGURATION) {
                throw CrmsyncException.invalidField("object_name", e.getMessage());
            }
            throw failure(InspectErrors.ENDPOINT_UNREACHABLE, endpoint, e);
        }
    }

    private static ConnectorSession connect(Connector connector, EndpointAccess endpoint) {
        try {
            return connector.connect(endpoint);
        } catch (ConnectorException e) {
            ErrorCode code = e.reason() == ConnectorException.Reason.CONFIGURATION
                    ? InspectErrors.CONFIGURATION_INVALID : InspectErrors.ENDPOINT_UNREACHABLE;
            throw failure(code, endpoint, e);
        }
    }

    private static CrmsyncException failure(ErrorCode code, EndpointAccess endpoint, ConnectorException e) {
        return new CrmsyncException(code, "endpoint '" + endpoint.name() + "': " + e.getMessage(), null, e);
    }

    private static String require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CrmsyncException.invalidField(field, "is required");
        }
        return value;
    }
}
