package io.crmsync.rules;

import java.util.List;
import java.util.Map;

/**
 * A field rule as declared: where the value comes from, then the optional lookup, multi-value handling and
 * conversion applied on its way to the target field, in that order.
 *
 * @param targetField the target field written
 * @param source which kind of value {@code value} is
 * @param value the source field, the constant text, or the expression
 * @param conversion how the value is converted; null means {@link Conversion#DEFAULT}
 * @param sourceFormat how dates and numbers are written in a text source; null for ISO-8601 and {@code .}
 * @param multiValue set when the field holds several values, each looked up on its own
 * @param lookup set when values are translated through a reference lookup
 */
public record RuleSpec(String targetField, Source source, String value, Conversion conversion,
        SourceFormat sourceFormat, MultiValue multiValue, LookupRef lookup) {

    /** Where a rule's value comes from. */
    public enum Source {
        SOURCE_FIELD, CONSTANT, EXPRESSION
    }

    public static RuleSpec sourceField(String targetField, String sourceField) {
        return new RuleSpec(targetField, Source.SOURCE_FIELD, sourceField, null, null, null, null);
    }

    public Conversion conversionOrDefault() {
        return conversion == null ? Conversion.DEFAULT : conversion;
    }

    /**
     * Checks what can be checked without any endpoint: the expression's syntax and functions (fields typed as
     * {@code dyn}), the source format, the multi-value delimiters, the lookup's policy. Returns the source fields
     * the rule reads.
     */
    public List<String> check() throws RuleDefinitionException {
        if (sourceFormat != null) {
            sourceFormat.check();
        }
        if (multiValue != null) {
            checkDelimiter("multiValue.sourceDelimiter", multiValue.sourceDelimiter());
            checkDelimiter("multiValue.targetDelimiter", multiValue.targetDelimiter());
            if (conversionOrDefault() == Conversion.DATE_ONLY || conversionOrDefault() == Conversion.WITHOUT_OFFSET) {
                throw new RuleDefinitionException("conversion",
                        "a multi-value rule moves text values; use conversion default or raw");
            }
        }
        if (lookup != null) {
            if (lookup.unmapped() == UnmappedValue.DEFAULT && lookup.defaultValue() == null) {
                throw new RuleDefinitionException("lookup.default", "is required when unmapped is default");
            }
            if (lookup.unmapped() != UnmappedValue.DEFAULT && lookup.defaultValue() != null) {
                throw new RuleDefinitionException("lookup.default", "is only used when unmapped is default");
            }
        }
        return switch (source) {
            case SOURCE_FIELD -> List.of(value);
            case CONSTANT -> List.of();
            case EXPRESSION -> RuleExpression.compile(value, Map.of()).fields();
        };
    }

    private static void checkDelimiter(String field, String delimiter) throws RuleDefinitionException {
        if (delimiter != null && delimiter.length() > MultiValue.MAX_DELIMITER_LENGTH) {
            throw new RuleDefinitionException(field, "must be at most " + MultiValue.MAX_DELIMITER_LENGTH
                    + " characters");
        }
    }
}
