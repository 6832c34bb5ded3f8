package io.crmsync.worker.connector.postgresql;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.Filters;
import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.KeyRanges;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceSession;

/** Reads one table of a PostgreSQL endpoint in (cursor, key) order. */
final class PgSource extends PgSession implements SourceSession {

    /** Key types whose text form casts back to the same value, compared by their natural order. */
    private static final Set<String> SPLITTABLE_KEY_TYPES = Set.of("int2", "int4", "int8", "numeric", "text",
            "varchar", "bpchar", "uuid", "date", "timestamp", "timestamptz");

    PgSource(EndpointAccess endpoint) {
        super(endpoint);
    }

    @Override
    public RecordStream read(ReadRequest request) {
        PgTable table = requireTable(request.objectName());
        try {
            return PgRecordStream.open(this, table, request, connection());
        } catch (SQLException e) {
            throw failed(e, "reading " + request.objectName());
        }
    }

    /**
     * Ranges from the key's distribution: the row count is the catalog's estimate (counted when the table was
     * never analyzed), the bounds are quantiles of the column's histogram that ANALYZE keeps in pg_stats (an
     * equi-depth sample of the whole table, free to read), or of a row sample when there is none yet. Only tables
     * (not views) with a key of an ordered scalar type are split. Stale statistics cost balance, never rows: the
     * ranges always cover every value.
     */
    @Override
    public List<KeyRange> planRanges(String objectName, String keyField, long rowsPerRange, int maxRanges) {
        PgTable table = requireTable(objectName);
        PgColumn key = table.require(keyField);
        if (!SPLITTABLE_KEY_TYPES.contains(key.typeName()) || rowsPerRange < 1 || maxRanges < 2) {
            return List.of();
        }
        try {
            long rows = estimatedRows(table);
            int ranges = (int) Math.min(maxRanges, (rows + rowsPerRange - 1) / rowsPerRange);
            if (ranges < 2) {
                return List.of();
            }
            List<String> sample = histogramBounds(table, key);
            if (sample.size() <= ranges) {
                sample = sampleKeys(table, key, rows, Math.max(1_000, ranges * 100));
            }
            return KeyRanges.fromSortedSample(key.name(), sample, ranges);
        } catch (SQLException e) {
            throw failed(e, "planning key ranges of " + objectName);
        }
    }

    /** The catalog's row estimate; -1 until the table is first vacuumed or analyzed, then counted. */
    private long estimatedRows(PgTable table) throws SQLException {
        try (PreparedStatement estimate = connection().prepareStatement(
                "SELECT c.reltuples::bigint, c.relkind FROM pg_catalog.pg_class c WHERE c.oid = CAST(? AS regclass)")) {
            estimate.setString(1, table.quotedName());
            try (ResultSet row = estimate.executeQuery()) {
                if (!row.next() || !"rp".contains(row.getString(2))) {
                    return 0; // a view, or gone: read as one task
                }
                if (row.getLong(1) >= 0) {
                    return row.getLong(1);
                }
            }
        }
        try (PreparedStatement count = connection().prepareStatement("SELECT count(*) FROM " + table.quotedName());
                ResultSet row = count.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The key column's histogram bounds as text, in the column's order; empty before the first ANALYZE. */
    private List<String> histogramBounds(PgTable table, PgColumn key) throws SQLException {
        return texts("SELECT CAST(b AS text) FROM pg_catalog.pg_stats s, unnest(CAST(CAST(s.histogram_bounds AS text) AS "
                + key.castType() + "[])) WITH ORDINALITY AS h(b, n) WHERE s.schemaname = ? AND s.tablename = ? "
                + "AND s.attname = ? AND NOT s.inherited ORDER BY n", table.schema(), table.name(), key.name());
    }

    /** About {@code wanted} non-null keys of a row sample, as text, in the column's order. */
    private List<String> sampleKeys(PgTable table, PgColumn key, long rows, int wanted) throws SQLException {
        String percent = Double.toString(Math.min(100.0, 100.0 * wanted / Math.max(1, rows)));
        String column = SqlNames.quote(key.name());
        return texts("SELECT CAST(" + column + " AS text) FROM " + table.quotedName()
                + " TABLESAMPLE BERNOULLI (CAST(? AS float4)) WHERE " + column + " IS NOT NULL ORDER BY " + column,
                percent);
    }

    private List<String> texts(String sql, String... parameters) throws SQLException {
        List<String> values = new ArrayList<>();
        try (PreparedStatement select = connection().prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    values.add(rs.getString(1));
                }
            }
        }
        return values;
    }

    /**
     * LIKE needs a text column; every value must convert to its column's type, which PostgreSQL itself decides
     * by casting the values of each condition in one round trip (and one per value only when that fails, to name
     * the bad one). Fields the table lacks are left to the point validation, which names them.
     */
    @Override
    public List<String> filterProblems(String objectName, FilterExpression filter) {
        PgTable table = requireTable(objectName);
        List<String> problems = new ArrayList<>();
        Filters.forEachCondition(filter, condition -> table.column(Filters.field(condition)).ifPresent(column -> {
            if (condition.getNodeCase() == FilterExpression.NodeCase.LIKE) {
                if (!PgFilterSql.isText(column)) {
                    problems.add("filter field '" + column.name() + "' has type " + column.displayType()
                            + ", but LIKE needs a text field");
                }
            } else {
                badValues(column, Filters.values(condition)).forEach(value -> problems.add("filter value '"
                        + Filters.text(value) + "' cannot be compared with field '" + column.name() + "' of type "
                        + column.displayType()));
            }
        }));
        return problems;
    }

    private List<FilterValue> badValues(PgColumn column, List<FilterValue> values) {
        if (values.isEmpty() || castsCleanly(column, values)) {
            return List.of();
        }
        return values.stream().filter(v -> !castsCleanly(column, List.of(v))).toList();
    }

    private boolean castsCleanly(PgColumn column, List<FilterValue> values) {
        String casts = values.stream().map(v -> "CAST(? AS " + column.castType() + ")")
                .collect(Collectors.joining(", "));
        try (PreparedStatement cast = connection().prepareStatement("SELECT " + casts)) {
            for (int i = 0; i < values.size(); i++) {
                cast.setString(i + 1, Filters.text(values.get(i)));
            }
            cast.executeQuery().close();
            return true;
        } catch (SQLException e) {
            if (PgErrors.state(e).startsWith("22")) { // data exception: the text is no value of that type
                return false;
            }
            throw failed(e, "checking the filter values of " + column.name());
        }
    }
}
