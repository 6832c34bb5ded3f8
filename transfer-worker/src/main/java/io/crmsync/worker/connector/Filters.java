package io.crmsync.worker.connector;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.FilterValue;

/** Walks the filter tree config-service sends with a point; connectors render it, never the admin's text. */
public final class Filters {

    private Filters() {
    }

    /** Each condition (comparison, IN, LIKE, null check) of the tree, in the order written. */
    public static void forEachCondition(FilterExpression node, Consumer<FilterExpression> action) {
        switch (node.getNodeCase()) {
            case ALL_OF -> node.getAllOf().getOperandsList().forEach(n -> forEachCondition(n, action));
            case ANY_OF -> node.getAnyOf().getOperandsList().forEach(n -> forEachCondition(n, action));
            case NEGATION -> forEachCondition(node.getNegation(), action);
            case NODE_NOT_SET -> throw emptyNode();
            default -> action.accept(node);
        }
    }

    /** The fields the filter names, each once, in the order written. */
    public static List<String> fields(FilterExpression filter) {
        Set<String> fields = new LinkedHashSet<>();
        forEachCondition(filter, condition -> fields.add(field(condition)));
        return new ArrayList<>(fields);
    }

    /** The field a condition tests. */
    public static String field(FilterExpression condition) {
        return switch (condition.getNodeCase()) {
            case COMPARISON -> condition.getComparison().getField();
            case IN_LIST -> condition.getInList().getField();
            case LIKE -> condition.getLike().getField();
            case NULL_CHECK -> condition.getNullCheck().getField();
            default -> throw new IllegalArgumentException("not a condition: " + condition.getNodeCase());
        };
    }

    /** The values a condition compares with (none for a null check; the pattern for LIKE). */
    public static List<FilterValue> values(FilterExpression condition) {
        return switch (condition.getNodeCase()) {
            case COMPARISON -> List.of(condition.getComparison().getValue());
            case IN_LIST -> condition.getInList().getValuesList();
            case LIKE -> List.of(FilterValue.newBuilder().setStringValue(condition.getLike().getPattern()).build());
            default -> List.of();
        };
    }

    /** A literal as text, the form connectors bind and let the endpoint convert to the field's type. */
    public static String text(FilterValue value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INTEGER_VALUE -> Long.toString(value.getIntegerValue());
            case DECIMAL_VALUE -> value.getDecimalValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case KIND_NOT_SET -> throw new ConnectorException(ConnectorException.Reason.CONFIGURATION,
                    "the filter has a value without a kind; save the point again in config-service");
        };
    }

    /** A comparison's operator as SQL and SOQL both write it ({@code <>} for not equal). */
    public static String operator(FilterOperator operator) {
        return switch (operator) {
            case FILTER_OPERATOR_EQUAL -> "=";
            case FILTER_OPERATOR_NOT_EQUAL -> "<>";
            case FILTER_OPERATOR_LESS -> "<";
            case FILTER_OPERATOR_LESS_OR_EQUAL -> "<=";
            case FILTER_OPERATOR_GREATER -> ">";
            case FILTER_OPERATOR_GREATER_OR_EQUAL -> ">=";
            default -> throw new ConnectorException(ConnectorException.Reason.CONFIGURATION,
                    "the filter has a comparison without an operator; save the point again in config-service");
        };
    }

    /** The failure for a node that holds nothing, which only a config-service without filter support sends. */
    public static ConnectorException emptyNode() {
        return new ConnectorException(ConnectorException.Reason.CONFIGURATION,
                "the filter has an empty node; save the point again in config-service");
    }
}
