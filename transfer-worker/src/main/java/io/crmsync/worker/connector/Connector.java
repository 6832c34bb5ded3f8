package io.crmsync.worker.connector;

/**
 * A plug-in that reaches one kind of endpoint. Implementations are CDI beans named after the endpoint type
 * ({@code @Named("postgresql")}) and are looked up through {@link ConnectorRegistry}.
 */
public interface Connector {

    /** The endpoint type this connector serves, e.g. {@code postgresql}; equals its {@code @Named} value. */
    String type();

    /**
     * Connects and authenticates, for connection tests and object descriptions.
     *
     * @throws ConnectorException with {@link ConnectorException.Reason#UNREACHABLE},
     *         {@link ConnectorException.Reason#AUTHENTICATION} or {@link ConnectorException.Reason#CONFIGURATION}
     */
    ConnectorSession connect(EndpointAccess endpoint);
}
