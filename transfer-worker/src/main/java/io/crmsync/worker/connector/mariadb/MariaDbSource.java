package io.crmsync.worker.connector.mariadb;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.Filters;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceSession;

/** Reads one table of a MariaDB endpoint in (cursor, key) order. Key ranges are not planned (one task reads all). */
final class MariaDbSource extends MariaDbSession implements SourceSession {

    MariaDbSource(EndpointAccess endpoint) {
        super(endpoint);
    }

    @Override
    public RecordStream read(ReadRequest request) {
        MariaDbTable table = requireTable(request.objectName());
        try {
            return MariaDbRecordStream.open(this, table, request, connection());
        } catch (SQLException e) {
            throw failed(e, "reading " + request.objectName());
        }
    }

    /**
     * LIKE needs a text column; every compared value must convert to its column's type. MariaDB's CAST never
     * fails, it warns and yields a substitute (0, NULL), so a value is bad when casting it raises a warning.
     * Fields the table lacks are left to the point validation, which names them.
     */
    @Override
    public List<String> filterProblems(String objectName, FilterExpression filter) {
        MariaDbTable table = requireTable(objectName);
        List<String> problems = new ArrayList<>();
        Filters.forEachCondition(filter, condition -> table.column(Filters.field(condition)).ifPresent(column -> {
            if (condition.getNodeCase() == FilterExpression.NodeCase.LIKE) {
                if (!column.isText()) {
                    problems.add("filter field '" + column.name() + "' has type " + column.columnType()
                            + ", but LIKE needs a text field");
                }
            } else if (column.castType() != null) {
                for (FilterValue value : Filters.values(condition)) {
                    if (!castsCleanly(column, MariaDbFilterSql.valueText(column, value))) {
                        problems.add("filter value '" + Filters.text(value) + "' cannot be compared with field '"
                                + column.name() + "' of type " + column.columnType());
                    }
                }
            }
        }));
        return problems;
    }

    private boolean castsCleanly(MariaDbColumn column, String text) {
        try (PreparedStatement cast = connection().prepareStatement(
                "SELECT " + MariaDbReadQuery.placeholder(column) + " IS NOT NULL")) {
            cast.setString(1, text);
            try (ResultSet rs = cast.executeQuery()) {
                return rs.next() && rs.getBoolean(1) && cast.getWarnings() == null;
            }
        } catch (SQLException e) {
            throw failed(e, "checking the filter values of " + column.name());
        }
    }
}
