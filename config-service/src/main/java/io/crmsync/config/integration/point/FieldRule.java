package io.crmsync.config.integration.point;

import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.rules.Conversion;
import io.crmsync.rules.LookupRef;
import io.crmsync.rules.MultiValue;
import io.crmsync.rules.RuleDefinitionException;
import io.crmsync.rules.RuleSpec;
import io.crmsync.rules.SourceFormat;
import io.crmsync.rules.UnmappedValue;

/**
 * How one target field gets its value, as stored in {@code integration_points.field_rules}: exactly one of
 * {@code sourceField}, {@code constant} and {@code expression} is set. Kept apart from the REST shape so either
 * can change alone; its meaning lives in {@code io.crmsync.rules}.
 */
public record FieldRule(String targetField, String sourceField, String constant, String expression, String note,
        String conversion, RuleFormats.SourceFormat sourceFormat, RuleFormats.MultiValue multiValue,
        RuleFormats.LookupUse lookup) {

    /** The rule in the terms of {@code io.crmsync.rules}; conversion and policy names were checked when saved. */
    public RuleSpec toSpec() {
        RuleSpec.Source source = sourceField != null ? RuleSpec.Source.SOURCE_FIELD
                : expression != null ? RuleSpec.Source.EXPRESSION : RuleSpec.Source.CONSTANT;
        String value = sourceField != null ? sourceField : expression != null ? expression : constant;
        return new RuleSpec(targetField, source, value,
                conversion == null ? null : Conversion.fromWireName(conversion).orElse(null),
                sourceFormat == null ? null
                        : new SourceFormat(sourceFormat.date(), sourceFormat.decimalSeparator(),
                                sourceFormat.groupingSeparator()),
                multiValue == null ? null : new MultiValue(multiValue.sourceDelimiter(), multiValue.targetDelimiter()),
                lookup == null ? null
                        : new LookupRef(lookup.name(), lookup.unmapped() == null ? UnmappedValue.REJECT
                                : UnmappedValue.fromWireName(lookup.unmapped()).orElse(null), lookup.defaultValue()));
    }

    /**
     * The checks that need no endpoint, as a 400 naming the rule's property at fault ({@code at} is the rule's
     * own path, e.g. {@code points[0].fieldRules[2]}). Returns the source fields the rule reads.
     */
    List<String> check(String at) {
        int kinds = (sourceField != null ? 1 : 0) + (constant != null ? 1 : 0) + (expression != null ? 1 : 0);
        if (kinds != 1) {
            throw CrmsyncException.invalidField(at, kinds == 0 ? "needs a sourceField, a constant or an expression"
                    : "has more than one of sourceField, constant and expression; keep one");
        }
        if (conversion != null && Conversion.fromWireName(conversion).isEmpty()) {
            throw CrmsyncException.invalidField(at + ".conversion",
                    "must be one of default, date_only, without_offset, raw");
        }
        if (lookup != null && lookup.unmapped() != null && UnmappedValue.fromWireName(lookup.unmapped()).isEmpty()) {
            throw CrmsyncException.invalidField(at + ".lookup.unmapped", "must be one of reject, pass_through, default");
        }
        try {
            return toSpec().check();
        } catch (RuleDefinitionException e) {
            throw CrmsyncException.invalidField(at + "." + e.field(), e.getMessage());
        }
    }
}
