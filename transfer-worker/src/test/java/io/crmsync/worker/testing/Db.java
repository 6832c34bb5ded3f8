package io.crmsync.worker.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.crmsync.testsupport.TestDatabases;
import io.crmsync.testsupport.TestMariaDb;

/** A tiny JDBC helper for arranging and inspecting the test databases. */
public final class Db implements AutoCloseable {

    private final Connection connection;

    private Db(Connection connection) {
        this.connection = connection;
    }

    /**
     * Recreates a test database. The driver is loaded first in this class's class loader: DriverManager only
     * hands a caller drivers its own class loader can see, and a Quarkus test that ran earlier in the same JVM
     * may have registered only its own copy.
     */
    public static String recreate(String name) {
        org.postgresql.Driver.isRegistered();
        return TestDatabases.recreate(name);
    }

    public static Db connect(String url) {
        org.postgresql.Driver.isRegistered();
        try {
            return new Db(DriverManager.getConnection(url, TestDatabases.user(), TestDatabases.password()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Recreates a MariaDB test database (see {@link TestMariaDb}) and returns its JDBC URL. */
    public static String recreateMariaDb(String name) {
        registerMariaDbDriver();
        return TestMariaDb.recreate(name);
    }

    public static Db connectMariaDb(String url) {
        registerMariaDbDriver();
        try {
            return new Db(DriverManager.getConnection(url, TestMariaDb.user(), TestMariaDb.password()));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loads the driver in this class's class loader, whose static initializer registers it (see recreate). */
    private static void registerMariaDbDriver() {
        try {
            Class.forName(org.mariadb.jdbc.Driver.class.getName(), true, Db.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    public void exec(String sql, Object... parameters) {
        try (PreparedStatement s = prepare(sql, parameters)) {
            s.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    /** Every row, every column as PostgreSQL's text form (null stays null). */
    public List<List<String>> rows(String sql, Object... parameters) {
        try (PreparedStatement s = prepare(sql, parameters); ResultSet rs = s.executeQuery()) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getString(i));
                }
                rows.add(row);
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }

    public long count(String quotedTable) {
        return Long.parseLong(rows("SELECT count(*) FROM " + quotedTable).get(0).get(0));
    }

    private PreparedStatement prepare(String sql, Object... parameters) throws SQLException {
        PreparedStatement s = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            s.setObject(i + 1, parameters[i]);
        }
        return s;
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // test cleanup
        }
    }
}
