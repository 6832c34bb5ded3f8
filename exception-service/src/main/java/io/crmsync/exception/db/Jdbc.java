package io.crmsync.exception.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Plain SQL on the service's datasource. Inside a transaction every call uses the transaction's one connection,
 * so set-based statements (arrays, RETURNING, ON CONFLICT, row locks) mix freely in one unit of work.
 */
@ApplicationScoped
public class Jdbc {

    /** Reads one row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A text[] parameter. */
    public record Texts(Collection<String> values) {
    }

    /** A uuid[] parameter. */
    public record Uuids(Collection<UUID> values) {
    }

    private final AgroalDataSource dataSource;

    Jdbc(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public static Texts texts(Collection<String> values) {
        return new Texts(values);
    }

    public static Uuids uuids(Collection<UUID> values) {
        return new Uuids(values);
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, params);
                ResultSet rs = ps.executeQuery()) {
            List<T> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("database statement failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        List<T> rows = list(sql, mapper, params);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public long count(String sql, Object... params) {
        return one(sql, rs -> rs.getLong(1), params).orElse(0L);
    }

    public int update(String sql, Object... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("database statement failed (SQLState " + e.getSQLState() + ")", e);
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime time = rs.getObject(column, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    public static UUID uuid(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, UUID.class);
    }

    /**
     * PostgreSQL text cannot hold NUL: it becomes U+FFFD here too (requests are cleaned where they are validated), so
     * a key or filter carrying one matches what was stored instead of failing the statement.
     */
    private static String noNul(String text) {
        return text == null || text.indexOf('\u0000') < 0 ? text : text.replace('\u0000', '\uFFFD');
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int at = i + 1;
            if (p instanceof String text) {
                ps.setString(at, noNul(text));
            } else if (p instanceof Texts t) {
                ps.setArray(at, c.createArrayOf("text", t.values().stream().map(Jdbc::noNul).toArray()));
            } else if (p instanceof Uuids u) {
                ps.setArray(at, c.createArrayOf("uuid", u.values().toArray()));
            } else if (p instanceof Instant t) {
                ps.setObject(at, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else if (p instanceof byte[] b) {
                ps.setBytes(at, b);
            } else {
                ps.setObject(at, p);
            }
        }
        return ps;
    }
}
