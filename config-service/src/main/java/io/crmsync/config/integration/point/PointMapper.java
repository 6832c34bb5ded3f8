package io.crmsync.config.integration.point;

import java.util.List;

import io.crmsync.config.filter.FilterProtoMapper;
import io.crmsync.config.filter.FilterRules;
import io.crmsync.proto.config.v1.IntegrationPoint;

/** Turns stored points into their REST and proto forms, resolving endpoints from the connection. */
public final class PointMapper {

    private PointMapper() {
    }

    public static PointResponse toResponse(PointEntity p, ConnectionEnds ends) {
        List<FieldRuleJson> rules = toJson(p.fieldRules);
        return new PointResponse(p.id, p.name, p.direction, ends.sourceFor(p.direction), p.sourceObject,
                ends.targetFor(p.direction), p.targetObject, p.operation, p.matchKey, p.cursorField, rules, p.filter,
                p.sourceFields, p.orderBy, p.recordIds, p.accountField);
    }

    public static IntegrationPoint toProto(PointEntity p, ConnectionEnds ends) {
        IntegrationPoint.Builder point = IntegrationPoint.newBuilder()
                .setId(p.id.toString())
                .setName(p.name)
                .setDirection(p.direction.toProto())
                .setSourceEndpointId(ends.sourceFor(p.direction).toString())
                .setSourceObject(p.sourceObject)
                .setTargetEndpointId(ends.targetFor(p.direction).toString())
                .setTargetObject(p.targetObject)
                .setOperation(p.operation.toProto())
                .addAllMatchKey(p.matchKey)
                .setCursorField(p.cursorField == null ? "" : p.cursorField)
                .addAllSourceFields(p.sourceFields)
                .addAllRecordIds(p.recordIds == null ? List.of() : p.recordIds)
                .setAccountField(p.accountField == null ? "" : p.accountField);
        for (SortOrder order : p.orderBy) {
            point.addOrderBy(io.crmsync.proto.config.v1.SortOrder.newBuilder().setField(order.field())
                    .setDescending(order.direction() == SortOrder.Direction.DESC));
        }
        for (FieldRule rule : p.fieldRules) {
            io.crmsync.proto.config.v1.FieldRule.Builder wire = io.crmsync.proto.config.v1.FieldRule.newBuilder()
                    .setTargetField(rule.targetField())
                    .setNote(rule.note() == null ? "" : rule.note());
            if (rule.sourceField() != null) {
                wire.setSourceField(rule.sourceField());
            } else {
                wire.setConstant(rule.constant());
            }
            point.addFieldRules(wire);
        }
        if (p.filter != null) {
            // Checked when saved, so it parses; parsing again keeps the text the one stored truth.
            point.setFilter(p.filter)
                    .setFilterExpression(FilterProtoMapper.toProto(FilterRules.parse("filter", p.filter)));
        }
        return point.build();
    }

    static List<FieldRuleJson> toJson(List<FieldRule> rules) {
        return rules.stream()
                .map(r -> new FieldRuleJson(r.targetField(), r.sourceField(), r.constant(), r.note()))
                .toList();
    }

    static List<FieldRule> toStored(List<FieldRuleJson> rules) {
        return rules.stream()
                .map(r -> new FieldRule(r.targetField(), r.sourceField(), r.constant(), r.note()))
                .toList();
    }
}
