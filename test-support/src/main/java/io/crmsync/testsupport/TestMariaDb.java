package io.crmsync.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates throw-away databases on a real MariaDB server: the one at {@code CRMSYNC_TEST_MARIADB_URL} (a JDBC URL
 * of the server, without a database), default 127.0.0.1:3306 as root with no password. Names carry the same
 * {@code CRMSYNC_TEST_DB_SUFFIX} as {@link TestDatabases#name}. The caller's module supplies the driver.
 */
public final class TestMariaDb {

    private TestMariaDb() {
    }

    public static String serverUrl() {
        String url = System.getenv("CRMSYNC_TEST_MARIADB_URL");
        return url != null && !url.isBlank() ? url : "jdbc:mariadb://127.0.0.1:3306/";
    }

    public static String user() {
        String user = System.getenv("CRMSYNC_TEST_MARIADB_USER");
        return user != null && !user.isBlank() ? user : "root";
    }

    public static String password() {
        String password = System.getenv("CRMSYNC_TEST_MARIADB_PASSWORD");
        return password == null ? "" : password;
    }

    /** JDBC URL of test database {@code base} (suffixed, see {@link TestDatabases#name}). */
    public static String urlOf(String base) {
        String server = serverUrl();
        return (server.endsWith("/") ? server : server + "/") + TestDatabases.name(base);
    }

    /** Drops and recreates the database, for tests that need it empty, and returns its JDBC URL. */
    public static String recreate(String base) {
        String name = TestDatabases.name(base);
        if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
        try (Connection c = DriverManager.getConnection(serverUrl(), user(), password());
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot recreate MariaDB test database " + name
                    + " (is MariaDB running on " + serverUrl() + "?): " + e.getMessage(), e);
        }
        return urlOf(base);
    }
}
