package io.crmsync.worker.connector;

import java.util.Optional;

/** An open, authenticated connection to one endpoint. Not thread-safe: one task or request uses it. */
public interface ConnectorSession extends AutoCloseable {

    /** The endpoint's product and version, e.g. {@code PostgreSQL 15.4}, safe to show to admins. */
    String serverVersion();

    /**
     * Describes an object (table, CRM object) with its fields in natural order and its unique keys.
     *
     * @param objectName the object's name as admins write it, e.g. {@code contacts} or {@code crm.contacts}
     * @return empty when the endpoint has no such object
     * @throws ConnectorException with {@link ConnectorException.Reason#CONFIGURATION} for a malformed name
     */
    Optional<ObjectDescription> describe(String objectName);

    /** Releases the connection; never throws. */
    @Override
    void close();
}
