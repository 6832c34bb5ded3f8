package io.crmsync.config.integration.point;

import java.util.List;

import io.crmsync.config.filter.FilterProtoMapper;
import io.crmsync.config.filter.FilterRules;
import io.crmsync.proto.config.v1.Conversion;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.LookupUse;
import io.crmsync.proto.config.v1.MultiValue;
import io.crmsync.proto.config.v1.SourceFormat;
import io.crmsync.proto.config.v1.UnmappedValue;
import io.crmsync.rules.RuleSpec;

/** Turns stored points into their REST and proto forms, resolving endpoints from the connection. */
public final class PointMapper {

    private PointMapper() {
    }

    public static PointResponse toResponse(PointEntity p, ConnectionEnds ends) {
        List<FieldRuleJson> rules = toJson(p.fieldRules);
        return new PointResponse(p.id, p.name, p.direction, ends.sourceFor(p.direction), p.sourceObject,
                ends.targetFor(p.direction), p.targetObject, p.operation, p.matchKey, p.cursorField, rules, p.filter,
                p.sourceFields, p.orderBy, p.recordIds, p.accountField, p.sensitiveFields);
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
                .setAccountField(p.accountField == null ? "" : p.accountField)
                .addAllSensitiveFields(p.sensitiveFields);
        for (SortOrder order : p.orderBy) {
            point.addOrderBy(io.crmsync.proto.config.v1.SortOrder.newBuilder().setField(order.field())
                    .setDescending(order.direction() == SortOrder.Direction.DESC));
        }
        p.fieldRules.forEach(rule -> point.addFieldRules(toProto(rule)));
        if (p.filter != null) {
            // Checked when saved, so it parses; parsing again keeps the text the one stored truth.
            point.setFilter(p.filter)
                    .setFilterExpression(FilterProtoMapper.toProto(FilterRules.parse("filter", p.filter)));
        }
        return point.build();
    }

    static List<FieldRuleJson> toJson(List<FieldRule> rules) {
        return rules.stream().map(FieldRuleJson::of).toList();
    }

    static List<FieldRule> toStored(List<FieldRuleJson> rules) {
        return rules.stream().map(FieldRuleJson::toStored).toList();
    }

    private static io.crmsync.proto.config.v1.FieldRule toProto(FieldRule rule) {
        io.crmsync.proto.config.v1.FieldRule.Builder wire = io.crmsync.proto.config.v1.FieldRule.newBuilder()
                .setTargetField(rule.targetField())
                .setNote(rule.note() == null ? "" : rule.note());
        if (rule.sourceField() != null) {
            wire.setSourceField(rule.sourceField());
        } else if (rule.expression() != null) {
            wire.setExpression(rule.expression());
        } else {
            wire.setConstant(rule.constant());
        }
        RuleSpec spec = rule.toSpec();
        wire.setConversion(switch (spec.conversionOrDefault()) {
            case DEFAULT -> Conversion.CONVERSION_DEFAULT;
            case DATE_ONLY -> Conversion.CONVERSION_DATE_ONLY;
            case WITHOUT_OFFSET -> Conversion.CONVERSION_WITHOUT_OFFSET;
            case RAW -> Conversion.CONVERSION_RAW;
        });
        if (rule.sourceFormat() != null) {
            wire.setSourceFormat(SourceFormat.newBuilder().setDate(orEmpty(rule.sourceFormat().date()))
                    .setDecimalSeparator(orEmpty(rule.sourceFormat().decimalSeparator()))
                    .setGroupingSeparator(orEmpty(rule.sourceFormat().groupingSeparator())));
        }
        if (rule.multiValue() != null) {
            wire.setMultiValue(MultiValue.newBuilder().setSourceDelimiter(orEmpty(rule.multiValue().sourceDelimiter()))
                    .setTargetDelimiter(orEmpty(rule.multiValue().targetDelimiter())));
        }
        if (spec.lookup() != null) {
            LookupUse.Builder lookup = LookupUse.newBuilder().setName(spec.lookup().name())
                    .setUnmapped(switch (spec.lookup().unmapped()) {
                        case REJECT -> UnmappedValue.UNMAPPED_VALUE_REJECT;
                        case PASS_THROUGH -> UnmappedValue.UNMAPPED_VALUE_PASS_THROUGH;
                        case DEFAULT -> UnmappedValue.UNMAPPED_VALUE_DEFAULT;
                    });
            if (spec.lookup().defaultValue() != null) {
                lookup.setDefaultValue(spec.lookup().defaultValue());
            }
            wire.setLookup(lookup);
        }
        return wire.build();
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
