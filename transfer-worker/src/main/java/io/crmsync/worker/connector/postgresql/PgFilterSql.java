package io.crmsync.worker.connector.postgresql;

import java.util.List;
import java.util.stream.Collectors;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.Filters;

/**
 * Renders a filter tree as a SQL condition. Only quoted names of columns the table really has reach the SQL;
 * every value, LIKE patterns included, is a bound parameter cast to its column's type, so PostgreSQL's own input
 * rules decide what a value means and no admin text is ever part of the statement.
 */
final class PgFilterSql {

    /** LIKE's escape character, spelled so that it does not depend on standard_conforming_strings. */
    private static final String LIKE_ESCAPE = " ESCAPE E'\\\\'";

    private PgFilterSql() {
    }

    /**
     * The condition, appending its parameters in placeholder order.
     *
     * @param parameters receives the text of each value
     */
    static String render(PgTable table, FilterExpression node, List<String> parameters) {
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
            case LIKE -> like(table, node, parameters);
            case NULL_CHECK -> column(table, node.getNullCheck().getField())
                    + (node.getNullCheck().getNegated() ? " IS NOT NULL" : " IS NULL");
            case NODE_NOT_SET -> throw Filters.emptyNode();
        };
    }

    /** Whether LIKE applies to the column's type without a cast. */
    static boolean isText(PgColumn column) {
        return switch (column.typeName()) {
            case "text", "varchar", "bpchar", "citext", "name" -> true;
            default -> false;
        };
    }

    private static String junction(PgTable table, List<FilterExpression> operands, String joiner,
            List<String> parameters) {
        return operands.stream().map(o -> render(table, o, parameters))
                .collect(Collectors.joining(joiner, "(", ")"));
    }

    private static String like(PgTable table, FilterExpression node, List<String> parameters) {
        parameters.add(node.getLike().getPattern());
        return column(table, node.getLike().getField()) + (node.getLike().getNegated() ? " NOT" : "")
                + " LIKE CAST(? AS pg_catalog.text)" + LIKE_ESCAPE;
    }

    private static String bound(PgTable table, String field, FilterValue value, List<String> parameters) {
        parameters.add(Filters.text(value));
        return "CAST(? AS " + table.require(field).castType() + ")";
    }

    /** The quoted column; validation has already shown it exists. */
    private static String column(PgTable table, String field) {
        return SqlNames.quote(table.require(field).name());
    }
}
