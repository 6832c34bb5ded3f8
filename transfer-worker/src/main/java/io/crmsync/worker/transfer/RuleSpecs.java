package io.crmsync.worker.transfer;

import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.LookupUse;
import io.crmsync.rules.Conversion;
import io.crmsync.rules.LookupRef;
import io.crmsync.rules.MultiValue;
import io.crmsync.rules.RuleSpec;
import io.crmsync.rules.SourceFormat;
import io.crmsync.rules.UnmappedValue;

/** Reads a field rule as config-service sends it into the terms of {@code io.crmsync.rules}. */
final class RuleSpecs {

    private RuleSpecs() {
    }

    static RuleSpec of(FieldRule rule) {
        RuleSpec.Source source;
        String value;
        switch (rule.getValueCase()) {
            case SOURCE_FIELD -> {
                source = RuleSpec.Source.SOURCE_FIELD;
                value = rule.getSourceField();
            }
            case EXPRESSION -> {
                source = RuleSpec.Source.EXPRESSION;
                value = rule.getExpression();
            }
            default -> {
                source = RuleSpec.Source.CONSTANT;
                value = rule.getConstant();
            }
        }
        return new RuleSpec(rule.getTargetField(), source, value, conversion(rule),
                rule.hasSourceFormat() ? new SourceFormat(emptyToNull(rule.getSourceFormat().getDate()),
                        emptyToNull(rule.getSourceFormat().getDecimalSeparator()),
                        emptyToNull(rule.getSourceFormat().getGroupingSeparator())) : null,
                rule.hasMultiValue() ? new MultiValue(emptyToNull(rule.getMultiValue().getSourceDelimiter()),
                        emptyToNull(rule.getMultiValue().getTargetDelimiter())) : null,
                rule.hasLookup() ? lookup(rule.getLookup()) : null);
    }

    private static Conversion conversion(FieldRule rule) {
        return switch (rule.getConversion()) {
            case CONVERSION_DATE_ONLY -> Conversion.DATE_ONLY;
            case CONVERSION_WITHOUT_OFFSET -> Conversion.WITHOUT_OFFSET;
            case CONVERSION_RAW -> Conversion.RAW;
            default -> Conversion.DEFAULT;
        };
    }

    private static LookupRef lookup(LookupUse lookup) {
        UnmappedValue unmapped = switch (lookup.getUnmapped()) {
            case UNMAPPED_VALUE_PASS_THROUGH -> UnmappedValue.PASS_THROUGH;
            case UNMAPPED_VALUE_DEFAULT -> UnmappedValue.DEFAULT;
            default -> UnmappedValue.REJECT;
        };
        return new LookupRef(lookup.getName(), unmapped, lookup.hasDefaultValue() ? lookup.getDefaultValue() : null);
    }

    private static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }
}
