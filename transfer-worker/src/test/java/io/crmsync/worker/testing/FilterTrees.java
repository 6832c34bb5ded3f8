package io.crmsync.worker.testing;

import java.util.Arrays;

import io.crmsync.proto.config.v1.FilterComparison;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterIn;
import io.crmsync.proto.config.v1.FilterJunction;
import io.crmsync.proto.config.v1.FilterLike;
import io.crmsync.proto.config.v1.FilterNullCheck;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.FilterValue;

/** Builds filter trees as config-service sends them: strings, longs, decimals (BigDecimal text) and booleans. */
public final class FilterTrees {

    private FilterTrees() {
    }

    public static FilterExpression and(FilterExpression... operands) {
        return FilterExpression.newBuilder()
                .setAllOf(FilterJunction.newBuilder().addAllOperands(Arrays.asList(operands))).build();
    }

    public static FilterExpression or(FilterExpression... operands) {
        return FilterExpression.newBuilder()
                .setAnyOf(FilterJunction.newBuilder().addAllOperands(Arrays.asList(operands))).build();
    }

    public static FilterExpression not(FilterExpression operand) {
        return FilterExpression.newBuilder().setNegation(operand).build();
    }

    public static FilterExpression eq(String field, Object value) {
        return compare(field, FilterOperator.FILTER_OPERATOR_EQUAL, value);
    }

    public static FilterExpression compare(String field, FilterOperator operator, Object value) {
        return FilterExpression.newBuilder().setComparison(FilterComparison.newBuilder().setField(field)
                .setOperator(operator).setValue(value(value))).build();
    }

    public static FilterExpression in(String field, boolean negated, Object... values) {
        FilterIn.Builder in = FilterIn.newBuilder().setField(field).setNegated(negated);
        Arrays.stream(values).forEach(v -> in.addValues(value(v)));
        return FilterExpression.newBuilder().setInList(in).build();
    }

    public static FilterExpression like(String field, boolean negated, String pattern) {
        return FilterExpression.newBuilder()
                .setLike(FilterLike.newBuilder().setField(field).setNegated(negated).setPattern(pattern)).build();
    }

    public static FilterExpression isNull(String field, boolean negated) {
        return FilterExpression.newBuilder()
                .setNullCheck(FilterNullCheck.newBuilder().setField(field).setNegated(negated)).build();
    }

    /** A String, Long/Integer, java.math.BigDecimal (as a decimal) or Boolean literal. */
    public static FilterValue value(Object value) {
        FilterValue.Builder wire = FilterValue.newBuilder();
        if (value instanceof String s) {
            wire.setStringValue(s);
        } else if (value instanceof Number n && !(value instanceof java.math.BigDecimal)) {
            wire.setIntegerValue(n.longValue());
        } else if (value instanceof java.math.BigDecimal d) {
            wire.setDecimalValue(d.toPlainString());
        } else {
            wire.setBoolValue((Boolean) value);
        }
        return wire.build();
    }
}
