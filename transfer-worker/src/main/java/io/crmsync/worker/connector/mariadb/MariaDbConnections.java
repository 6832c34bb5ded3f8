package io.crmsync.worker.connector.mariadb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.EndpointAccess;

/** Opens JDBC connections to MariaDB endpoints from their settings and credential. */
final class MariaDbConnections {

    static final String JDBC_URL = "jdbcUrl";
    static final String USERNAME = "username";
    static final String TIME_ZONE = "timeZone";
    static final String PASSWORD = "password";

    /**
     * Driver options an admin-supplied URL must not set: ones that load classes or plugins named in the URL, read
     * local files for the server (LOAD DATA LOCAL), run SQL of their own, or reach other sockets.
     */
    private static final Set<String> FORBIDDEN_OPTIONS = Set.of("socketfactory", "tlssockettype", "credentialtype",
            "allowlocalinfile", "localsocket", "pipe", "sessionvariables", "initsql", "restrictedauth",
            "servertimezone", "forceconnectiontimezonetosession", "uselocalsessionstate");

    /** The server gives up a connect attempt after this long. */
    private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
    /**
     * A read waiting this long for the server is dropped as lost (TRANSIENT); long enough for a sorted read of a
     * large table to produce its first row.
     */
    private static final int SOCKET_TIMEOUT_MILLIS = 300_000;

    /**
     * Session setup: instants (TIMESTAMP columns) in UTC; strict mode, so a value that does not fit fails instead
     * of being cut or zeroed. The session also runs in READ COMMITTED, so merges lock matched rows only, not gaps.
     */
    private static final String SESSION_SETUP = "SET time_zone = '+00:00', sql_mode = "
            + "'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'";

    static {
        // Initializing the driver class registers it with DriverManager in the class loader that runs the worker.
        try {
            Class.forName(org.mariadb.jdbc.Driver.class.getName(), true, MariaDbConnections.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private MariaDbConnections() {
    }

    /** A connection in UTC, strict mode, autocommit on, or a {@link ConnectorException} that never holds the URL. */
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
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_MILLIS));
        properties.setProperty("allowLocalInfile", "false");
        properties.setProperty("connectionAttributes", "program_name:crmsync-transfer-worker");
        try {
            Connection connection = DriverManager.getConnection(url, properties);
            try (Statement s = connection.createStatement()) {
                s.execute(SESSION_SETUP);
            }
            connection.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return connection;
        } catch (SQLException e) {
            throw MariaDbErrors.connectFailure(e);
        }
    }

    /** The zone DATETIME and DATE values are wall-clock times in; UTC unless {@code timeZone} is set. */
    static ZoneId wallClockZone(EndpointAccess endpoint) {
        String zone = endpoint.setting(TIME_ZONE);
        if (zone.isEmpty()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new ConnectorException(Reason.CONFIGURATION,
                    "the setting timeZone must be an IANA time zone such as Europe/Berlin");
        }
    }

    private static void checkUrl(String url) {
        if (url.isEmpty()) {
            throw new ConnectorException(Reason.CONFIGURATION, "the setting jdbcUrl is missing");
        }
        if (!url.startsWith("jdbc:mariadb:")) {
            throw new ConnectorException(Reason.CONFIGURATION, "the setting jdbcUrl must start with jdbc:mariadb:");
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return;
        }
        for (String pair : url.substring(query + 1).split("&")) {
            String key = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (FORBIDDEN_OPTIONS.contains(key)) {
                throw new ConnectorException(Reason.CONFIGURATION,
                        "the setting jdbcUrl uses the driver option " + key + ", which crmsync does not allow");
            }
        }
    }
}
