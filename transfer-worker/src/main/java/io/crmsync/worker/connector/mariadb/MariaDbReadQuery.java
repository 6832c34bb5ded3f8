package io.crmsync.worker.connector.mariadb;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.worker.connector.KeyRange;
import io.crmsync.worker.connector.ReadRequest;

/**
 * Builds the one keyset-ordered SELECT of a read: window on the cursor field, the point's filter, the key range,
 * strictly after the last committed (cursor, key...) position, ordered by (cursor, key...). Values are bound,
 * never concatenated.
 *
 * @param sql the statement
 * @param parameters values to bind in order: temporal bounds as LocalDateTime/LocalDate, everything else as text
 *        that the placeholder casts to the column's type
 */
record MariaDbReadQuery(String sql, List<Object> parameters) {

    static MariaDbReadQuery of(MariaDbTable table, ReadRequest request, MariaDbValues values) {
        List<String> conditions = new ArrayList<>();
        List<Object> parameters = new ArrayList<>();
        List<String> order = new ArrayList<>();
        if (request.hasCursor()) {
            MariaDbColumn cursor = table.require(request.cursorField());
            String column = quote(cursor.name());
            if (request.windowStart() != null) {
                conditions.add(column + " >= ?");
                parameters.add(values.fromInstant(request.windowStart(), cursor));
            }
            if (request.windowEnd() != null) {
                conditions.add(column + " < ?");
                parameters.add(values.fromInstant(request.windowEnd(), cursor));
            } else {
                conditions.add(column + " IS NOT NULL"); // NULL cursors cannot be resumed after
            }
            order.add(column);
        }
        if (request.filter() != null) {
            conditions.add(MariaDbFilterSql.render(table, request.filter(), parameters));
        }
        if (request.range() != null) {
            conditions.add(rangeCondition(table, request.range(), parameters));
        }
        request.keyFields().forEach(k -> order.add(quote(k)));
        if (request.after() != null && !order.isEmpty()) {
            conditions.add(afterCondition(table, request, values, parameters));
        }
        String sql = "SELECT " + MariaDbTable.NAMES.quoteAll(request.fields()) + " FROM " + table.quotedName()
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + (order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order));
        return new MariaDbReadQuery(sql, parameters);
    }

    /** A placeholder that reads its text as a value of the column's type. */
    static String placeholder(MariaDbColumn column) {
        return column.castType() == null ? "?" : "CAST(? AS " + column.castType() + ")";
    }

    /** lower <= key < upper; the range without a lower bound also takes the rows whose key is NULL. */
    private static String rangeCondition(MariaDbTable table, KeyRange range, List<Object> parameters) {
        MariaDbColumn key = table.require(range.field());
        String column = quote(key.name());
        List<String> bounds = new ArrayList<>();
        if (range.lower() != null) {
            bounds.add(column + " >= " + placeholder(key));
            parameters.add(range.lower());
        }
        if (range.upper() != null) {
            bounds.add(column + " < " + placeholder(key));
            parameters.add(range.upper());
        }
        if (bounds.isEmpty()) {
            return "TRUE";
        }
        String within = String.join(" AND ", bounds);
        return range.lower() == null ? "(" + within + " OR " + column + " IS NULL)" : "(" + within + ")";
    }

    /**
     * {@code (c, k1, k2) > (?, ?, ?)} written out as {@code c >= ? AND (c > ? OR c = ? AND (k1 > ? OR ...))}:
     * MariaDB's optimizer does not turn a row-value comparison into an index range, the expanded form's leading
     * {@code c >= ?} it does.
     */
    private static String afterCondition(MariaDbTable table, ReadRequest request, MariaDbValues values,
            List<Object> parameters) {
        List<String> columns = new ArrayList<>();
        List<String> placeholders = new ArrayList<>();
        List<Object> bound = new ArrayList<>();
        if (request.hasCursor()) {
            MariaDbColumn cursor = table.require(request.cursorField());
            columns.add(quote(cursor.name()));
            placeholders.add("?");
            bound.add(values.fromInstant(request.after().modifiedTime(), cursor));
        }
        for (int i = 0; i < request.keyFields().size(); i++) {
            MariaDbColumn key = table.require(request.keyFields().get(i));
            columns.add(quote(key.name()));
            placeholders.add(placeholder(key));
            bound.add(request.after().key().get(i));
        }
        // Without a key, rows tied on the cursor cannot be told apart: resume at the tie, duplicating rather
        // than losing records (a keyless INSERT_ONLY cannot be idempotent anyway).
        String last = request.keyFields().isEmpty() ? " >= " : " > ";
        int n = columns.size() - 1;
        String condition = columns.get(n) + last + placeholders.get(n);
        List<Object> nested = new ArrayList<>(List.of(bound.get(n)));
        for (int i = n - 1; i >= 0; i--) {
            condition = columns.get(i) + " > " + placeholders.get(i) + " OR " + columns.get(i) + " = "
                    + placeholders.get(i) + " AND (" + condition + ")";
            List<Object> outer = new ArrayList<>(List.of(bound.get(i), bound.get(i)));
            outer.addAll(nested);
            nested = outer;
        }
        parameters.add(bound.get(0));
        parameters.addAll(nested);
        return "(" + columns.get(0) + (n == 0 ? last : " >= ") + placeholders.get(0) + " AND (" + condition + "))";
    }

    private static String quote(String name) {
        return MariaDbTable.NAMES.quote(name);
    }
}
