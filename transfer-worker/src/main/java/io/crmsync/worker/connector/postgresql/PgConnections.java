package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;

/** Opens JDBC connections to PostgreSQL endpoints from their settings and credential. */
final class PgConnections {

    static final String JDBC_URL = "jdbcUrl";
    static final String USERNAME = "username";
    static final String PASSWORD = "password";

    /**
     * Driver properties that make the driver load classes or write files named in the URL; an admin-supplied
     * URL must not reach them (CVE-2022-21724 and friends).
     */
    private static final Set<String> FORBIDDEN_PROPERTIES = Set.of("socketfactory", "socketfactoryarg",
            "sslfactory", "sslfactoryarg", "sslhostnameverifier", "sslpasswordcallback",
            "authenticationpluginclassname", "loggerfile", "loggerlevel");

    static {
        // Registers the driver with DriverManager in the class loader that runs the worker.
        org.postgresql.Driver.isRegistered();
    }

    private PgConnections() {
    }

    /** A connection in UTC, autocommit on, or a {@link ConnectorException} that never holds the URL. */
    static Connection open(EndpointAccess endpoint) {
        String url = endpoint.setting(JDBC_URL);
        checkUrl(url);
        Properties properties = new Properties();
        if (!endpoint.setting(USERNAME).isEmpty()) {
            properties.setProperty("user", endpoint.setting(USERNAME));
        }
        if (!endpoint.secret(PASSWORD).isEmpty()) {
            properties.setProperty("password", endpoint.secret(PASSWORD));
        }
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("loginTimeout", "20");
        // No round trip (a fetch, a batch's merge) takes minutes; a server or network that hangs does, and would
        // hold the task until its lease expired. The read times out, fails transiently, and is retried.
        properties.setProperty("socketTimeout", "300");
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("ApplicationName", "crmsync-transfer-worker");
        try {
            Connection connection = DriverManager.getConnection(url, properties);
            try (Statement s = connection.createStatement()) {
                // Cursor values and checkpoints are exchanged as UTC instants.
                s.execute("SET TIME ZONE 'UTC'");
            }
            return connection;
        } catch (SQLException e) {
            throw PgErrors.connectFailure(e);
        }
    }

    private static void checkUrl(String url) {
        if (url.isEmpty()) {
            throw new ConnectorException(Reason.CONFIGURATION, "the setting jdbcUrl is missing");
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new ConnectorException(Reason.CONFIGURATION, "the setting jdbcUrl must start with jdbc:postgresql:");
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            String key = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (FORBIDDEN_PROPERTIES.contains(key)) {
                throw new ConnectorException(Reason.CONFIGURATION,
                        "the setting jdbcUrl uses the driver property " + key + ", which crmsync does not allow");
            }
        }
    }
}
