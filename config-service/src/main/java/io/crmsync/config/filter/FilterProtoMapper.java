package io.crmsync.config.filter;

import java.util.List;

import io.crmsync.proto.config.v1.FilterComparison;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterIn;
import io.crmsync.proto.config.v1.FilterJunction;
import io.crmsync.proto.config.v1.FilterLike;
import io.crmsync.proto.config.v1.FilterNullCheck;
import io.crmsync.proto.config.v1.FilterOperator;

/** Turns a parsed filter into its proto tree. */
public final class FilterProtoMapper {

    private FilterProtoMapper() {
    }

    public static FilterExpression toProto(FilterNode node) {
        FilterExpression.Builder wire = FilterExpression.newBuilder();
        if (node instanceof FilterNode.And and) {
            wire.setAllOf(junction(and.operands()));
        } else if (node instanceof FilterNode.Or or) {
            wire.setAnyOf(junction(or.operands()));
        } else if (node instanceof FilterNode.Not not) {
            wire.setNegation(toProto(not.operand()));
        } else if (node instanceof FilterNode.Comparison c) {
            wire.setComparison(FilterComparison.newBuilder().setField(c.field())
                    .setOperator(FilterOperator.valueOf("FILTER_OPERATOR_" + c.operator().name()))
                    .setValue(value(c.value())));
        } else if (node instanceof FilterNode.In in) {
            wire.setInList(FilterIn.newBuilder().setField(in.field()).setNegated(in.negated())
                    .addAllValues(in.values().stream().map(FilterProtoMapper::value).toList()));
        } else if (node instanceof FilterNode.Like like) {
            wire.setLike(FilterLike.newBuilder().setField(like.field()).setNegated(like.negated())
                    .setPattern(like.pattern()));
        } else if (node instanceof FilterNode.NullCheck n) {
            wire.setNullCheck(FilterNullCheck.newBuilder().setField(n.field()).setNegated(n.negated()));
        }
        return wire.build();
    }

    private static FilterJunction junction(List<FilterNode> operands) {
        return FilterJunction.newBuilder().addAllOperands(operands.stream().map(FilterProtoMapper::toProto).toList())
                .build();
    }

    private static io.crmsync.proto.config.v1.FilterValue value(FilterValue value) {
        var wire = io.crmsync.proto.config.v1.FilterValue.newBuilder();
        if (value instanceof FilterValue.Text t) {
            wire.setStringValue(t.value());
        } else if (value instanceof FilterValue.Integer i) {
            wire.setIntegerValue(i.value());
        } else if (value instanceof FilterValue.Decimal d) {
            wire.setDecimalValue(d.value().toPlainString());
        } else if (value instanceof FilterValue.Bool b) {
            wire.setBoolValue(b.value());
        }
        return wire.build();
    }
}
