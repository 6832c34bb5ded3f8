package io.crmsync.worker.connector.mariadb;

import java.util.List;
import java.util.stream.Collectors;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.Filters;

/**
 * Renders a filter tree as a MariaDB condition. Only backtick-quoted names of columns the table really has reach
 * the SQL; every value, LIKE patterns included, is a bound parameter cast to its column's type (strings compare
 * in the column's collation), so no admin text is ever part of the statement. LIKE escapes with a backslash,
 * MariaDB's default, which the session's sql_mode keeps.
 */
final class MariaDbFilterSql {

    private MariaDbFilterSql() {
    }

    /**
     * The condition, appending its parameters in placeholder order.
     *
     * @param parameters receives the text of each value
     */
    static String render(MariaDbTable table, FilterExpression node, List<Object> parameters) {
        return switch (node.getNodeCase()) {
            case ALL_OF -> junction(table, node.getAllOf().getOperandsList(), " AND ", parameters);
            case ANY_OF -> junction(table, node.getAnyOf().getOperandsList(), " OR ", parameters);
            case NEGATION -> "(NOT " + render(table, node.getNegation(), parameters) + ")";
            case COMPARISON -> column(table, node.getComparison().getField()) + " "
                    + Filters.operator(node.getComparison().getOperator()) + " "
                    + bound(table, node.getComparison().getField(), node.getComparison().getValue(), parameters);
            case IN_LIST -> column(table, node.getInList().getField()) + (node.getInList().getNegated() ? " NOT" : "")
                    + " IN (" + node.getInList().getValuesList().stream()
                            .map(v -> bound(table, node.getInList().getField(), v, parameters))
                            .collect(Collectors.joining(", ")) + ")";
            case LIKE -> {
                parameters.add(node.getLike().getPattern());
                yield column(table, node.getLike().getField()) + (node.getLike().getNegated() ? " NOT" : "")
                        + " LIKE ?";
            }
            case NULL_CHECK -> column(table, node.getNullCheck().getField())
                    + (node.getNullCheck().getNegated() ? " IS NOT NULL" : " IS NULL");
            case NODE_NOT_SET -> throw Filters.emptyNode();
        };
    }

    private static String junction(MariaDbTable table, List<FilterExpression> operands, String joiner,
            List<Object> parameters) {
        return operands.stream().map(o -> render(table, o, parameters))
                .collect(Collectors.joining(joiner, "(", ")"));
    }

    private static String bound(MariaDbTable table, String field, FilterValue value, List<Object> parameters) {
        MariaDbColumn column = table.require(field);
        parameters.add(valueText(column, value));
        return MariaDbReadQuery.placeholder(column);
    }

    /** A literal as the text bound for the column: booleans as 1 and 0, which is what tinyint(1) holds. */
    static String valueText(MariaDbColumn column, FilterValue value) {
        if (column.isBoolean() && value.getKindCase() == FilterValue.KindCase.BOOL_VALUE) {
            return value.getBoolValue() ? "1" : "0";
        }
        return Filters.text(value);
    }

    /** The quoted column; validation has already shown it exists. */
    private static String column(MariaDbTable table, String field) {
        return MariaDbTable.NAMES.quote(table.require(field).name());
    }
}
