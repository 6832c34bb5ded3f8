package io.crmsync.worker.connector.postgresql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.Filters;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceSession;

/** Reads one table of a PostgreSQL endpoint in (cursor, key) order. */
final class PgSource extends PgSession implements SourceSession {

    PgSource(EndpointAccess endpoint) {
        super(endpoint);
    }

    @Override
    public RecordStream read(ReadRequest request) {
        PgTable table = requireTable(request.objectName());
        try {
            return new PgRecordStream(this, table, request, connection());
        } catch (SQLException e) {
            throw failed(e, "reading " + request.objectName());
        }
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
