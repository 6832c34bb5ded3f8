package io.crmsync.worker.connector.postgresql;

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
 * @param parameters text values to bind in order; each placeholder casts its value to the column's type
 */
record PgReadQuery(String sql, List<String> parameters) {

    static PgReadQuery of(PgTable table, ReadRequest request) {
        List<String> conditions = new ArrayList<>();
        List<String> parameters = new ArrayList<>();
        List<String> order = new ArrayList<>();
        if (request.hasCursor()) {
            PgColumn cursor = table.require(request.cursorField());
            String column = SqlNames.quote(cursor.name());
            String bound = "CAST(CAST(? AS pg_catalog.timestamptz) AS " + cursor.castType() + ")";
            if (request.windowStart() != null) {
                conditions.add(column + " >= " + bound);
                parameters.add(PgValues.instantText(request.windowStart()));
            }
            if (request.windowEnd() != null) {
                conditions.add(column + " < " + bound);
                parameters.add(PgValues.instantText(request.windowEnd()));
            } else {
                conditions.add(column + " IS NOT NULL"); // NULL cursors cannot be resumed after
            }
            order.add(column);
        }
        if (request.filter() != null) {
            conditions.add(PgFilterSql.render(table, request.filter(), parameters));
        }
        if (request.range() != null) {
            conditions.add(rangeCondition(table, request.range(), parameters));
        }
        request.keyFields().forEach(k -> order.add(SqlNames.quote(k)));
        if (request.after() != null && !order.isEmpty()) {
            conditions.add(afterCondition(table, request, order, parameters));
        }
        String sql = "SELECT " + SqlNames.quoteAll(request.fields()) + " FROM " + table.quotedName()
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + (order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order));
        return new PgReadQuery(sql, parameters);
    }

    /** lower <= key < upper; the range without a lower bound also takes the rows whose key is NULL. */
    private static String rangeCondition(PgTable table, KeyRange range, List<String> parameters) {
        PgColumn key = table.require(range.field());
        String column = SqlNames.quote(key.name());
        String bound = "CAST(? AS " + key.castType() + ")";
        List<String> bounds = new ArrayList<>();
        if (range.lower() != null) {
            bounds.add(column + " >= " + bound);
            parameters.add(range.lower());
        }
        if (range.upper() != null) {
            bounds.add(column + " < " + bound);
            parameters.add(range.upper());
        }
        if (bounds.isEmpty()) {
            return "TRUE";
        }
        String within = String.join(" AND ", bounds);
        return range.lower() == null ? "(" + within + " OR " + column + " IS NULL)" : "(" + within + ")";
    }

    private static String afterCondition(PgTable table, ReadRequest request, List<String> order,
            List<String> parameters) {
        List<String> values = new ArrayList<>();
        if (request.hasCursor()) {
            values.add("CAST(CAST(? AS pg_catalog.timestamptz) AS " + table.require(request.cursorField()).castType()
                    + ")");
            parameters.add(PgValues.instantText(request.after().modifiedTime()));
        }
        for (int i = 0; i < request.keyFields().size(); i++) {
            values.add("CAST(? AS " + table.require(request.keyFields().get(i)).castType() + ")");
            parameters.add(request.after().key().get(i));
        }
        // Without a key, rows tied on the cursor cannot be told apart: resume at the tie, duplicating rather
        // than losing records (a keyless INSERT_ONLY cannot be idempotent anyway).
        String comparison = request.keyFields().isEmpty() ? ") >= (" : ") > (";
        return "(" + String.join(", ", order) + comparison + String.join(", ", values) + ")";
    }
}
