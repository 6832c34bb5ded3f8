package io.crmsync.worker.connector.mariadb;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.crmsync.testsupport.TestMariaDb;
import io.crmsync.worker.connector.EndpointAccess;

/** Endpoints of the MariaDB test databases. */
public final class MariaDbTestEndpoints {

    /** The database the connector tests use; the engine tests use their own. */
    public static final String DB = "crmsync_worker_maria_test";

    private MariaDbTestEndpoints() {
    }

    public static EndpointAccess endpoint(String name, String jdbcUrl) {
        return endpoint(name, jdbcUrl, "");
    }

    /** With {@code timeZone} set when not empty. */
    public static EndpointAccess endpoint(String name, String jdbcUrl, String timeZone) {
        Map<String, String> settings = new HashMap<>(Map.of("jdbcUrl", jdbcUrl, "username", TestMariaDb.user()));
        if (!timeZone.isEmpty()) {
            settings.put("timeZone", timeZone);
        }
        return new EndpointAccess(UUID.randomUUID().toString(), name, MariaDbConnector.TYPE, settings,
                Map.of("password", TestMariaDb.password()));
    }
}
