package io.crmsync.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates throw-away databases on a real PostgreSQL server. The server is the one at
 * {@code CRMSYNC_TEST_PG_URL} (a JDBC URL to any database on it), default localhost:5432 as postgres.
 */
public final class TestDatabases {

    static {
        // DriverManager's service-loader scan may have run under another class loader (a Quarkus test's),
        // so register the driver from this one explicitly.
        try {
            Class.forName("org.postgresql.Driver");
        } catch (ClassNotFoundException e) {
            throw new ExceptionInInitializerError("the PostgreSQL JDBC driver is not on the class path");
        }
    }

    private TestDatabases() {
    }

    public static String adminUrl() {
        String url = System.getenv("CRMSYNC_TEST_PG_URL");
        return url != null && !url.isBlank() ? url : "jdbc:postgresql://localhost:5432/postgres";
    }

    public static String user() {
        String user = System.getenv("CRMSYNC_TEST_PG_USER");
        return user != null && !user.isBlank() ? user : "postgres";
    }

    public static String password() {
        String password = System.getenv("CRMSYNC_TEST_PG_PASSWORD");
        return password == null ? "" : password;
    }

    /**
     * The real name of test database {@code base}: with {@code CRMSYNC_TEST_DB_SUFFIX} appended, so that builds
     * of several checkouts can share one server without dropping each other's databases.
     */
    public static String name(String base) {
        String suffix = suffix();
        return suffix.isEmpty() ? base : base + "_" + suffix;
    }

    /**
     * A prefix for databases a stack names itself (its services' own), carrying the same suffix:
     * {@code crmsync_e2e_} becomes {@code crmsync_e2e_<suffix>_}. Create them with {@link #recreateExactly}.
     */
    public static String prefix(String base) {
        String suffix = suffix();
        return suffix.isEmpty() ? base : base + suffix + "_";
    }

    private static String suffix() {
        String suffix = System.getenv("CRMSYNC_TEST_DB_SUFFIX");
        if (suffix == null || suffix.isEmpty()) {
            return "";
        }
        if (!suffix.matches("[a-z0-9_]{1,16}")) {
            throw new IllegalArgumentException("CRMSYNC_TEST_DB_SUFFIX must be 1 to 16 of a-z, 0-9, _");
        }
        return suffix;
    }

    /** JDBC URL of {@code name} on the test server. */
    public static String urlOf(String name) {
        name = name(name);
        String admin = adminUrl();
        int slash = admin.lastIndexOf('/');
        int query = admin.indexOf('?', slash);
        return admin.substring(0, slash + 1) + name + (query < 0 ? "" : admin.substring(query));
    }

    /** Creates the database when missing and returns its JDBC URL. */
    public static String ensure(String base) {
        String name = name(base);
        requireSimpleName(name);
        try (Connection c = DriverManager.getConnection(adminUrl(), user(), password());
                PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (!rs.next()) {
                    try (Statement create = c.createStatement()) {
                        create.execute("CREATE DATABASE " + name);
                    }
                }
            }
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // created meanwhile by a parallel build
                throw new IllegalStateException("cannot prepare test database " + name + " on " + adminUrl()
                        + " (is PostgreSQL running?): " + e.getMessage(), e);
            }
        }
        return urlOf(base);
    }

    /** Drops and recreates the database, for tests that need it empty. */
    public static String recreate(String base) {
        recreateExactly(name(base));
        return urlOf(base);
    }

    /** Drops and recreates the database of exactly this name (see {@link #prefix}). */
    public static void recreateExactly(String name) {
        requireSimpleName(name);
        try (Connection c = DriverManager.getConnection(adminUrl(), user(), password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate test database " + name + ": " + e.getMessage(), e);
        }
    }

    private static void requireSimpleName(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
    }
}
