package io.crmsync.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A field rule ready to apply to records: value, then lookup (per value for multi-value fields), then
 * conversion. Compiled once per run; {@link #apply} is called per record and is thread-safe.
 */
public final class CompiledRule {

    private final RuleSpec spec;
    private final List<String> sourceFields;
    private final RuleExpression expression;
    private final Map<String, String> lookup;
    private final ValueConverter converter;
    private final RuleEnvironment environment;

    private CompiledRule(RuleSpec spec, List<String> sourceFields, RuleExpression expression,
            Map<String, String> lookup, ValueConverter converter, RuleEnvironment environment) {
        this.spec = spec;
        this.sourceFields = sourceFields;
        this.expression = expression;
        this.lookup = lookup;
        this.converter = converter;
        this.environment = environment;
    }

    /**
     * Compiles a rule for a target field of a known type.
     *
     * @throws RuleDefinitionException when the rule cannot work: an expression error, a format error, a lookup
     *     that does not exist
     */
    public static CompiledRule compile(RuleSpec spec, FieldType targetType, RuleEnvironment environment)
            throws RuleDefinitionException {
        spec.check();
        RuleExpression expression = spec.source() == RuleSpec.Source.EXPRESSION
                ? RuleExpression.compile(spec.value(), environment.sourceTypes()) : null;
        List<String> fields = switch (spec.source()) {
            case SOURCE_FIELD -> List.of(spec.value());
            case CONSTANT -> List.of();
            case EXPRESSION -> expression.fields();
        };
        Map<String, String> lookup = null;
        if (spec.lookup() != null) {
            lookup = environment.lookups().apply(spec.lookup().name()).orElseThrow(() -> new RuleDefinitionException(
                    "lookup.name", "reference lookup '" + spec.lookup().name() + "' does not exist"));
        }
        ValueConverter converter = new ValueConverter(spec.conversionOrDefault(), spec.sourceFormat(), targetType,
                environment.sourceZone(), environment.targetZone());
        return new CompiledRule(spec, fields, expression, lookup, converter, environment);
    }

    public RuleSpec spec() {
        return spec;
    }

    /** The source fields the rule reads. */
    public List<String> sourceFields() {
        return sourceFields;
    }

    /** The type of value the rule yields before conversion, when known; {@link FieldType#OTHER} otherwise. */
    public FieldType valueType() {
        if (spec.multiValue() != null) {
            return spec.multiValue().targetDelimiter() == null || spec.multiValue().targetDelimiter().isEmpty()
                    ? FieldType.LIST : FieldType.TEXT;
        }
        if (spec.lookup() != null || spec.source() == RuleSpec.Source.CONSTANT
                || spec.conversionOrDefault() == Conversion.RAW) {
            return FieldType.TEXT;
        }
        if (expression != null) {
            return expression.resultType();
        }
        FieldType type = environment.sourceTypes().get(spec.value());
        return type == null ? FieldType.OTHER : type;
    }

    /**
     * The value this rule writes for one record.
     *
     * @param record a source field's value by name
     * @throws ValueRejected when the record cannot get a value; the message names the target field
     */
    public Object apply(Function<String, Object> record) throws ValueRejected {
        try {
            Object value = switch (spec.source()) {
                case SOURCE_FIELD -> record.apply(spec.value());
                case CONSTANT -> spec.value();
                case EXPRESSION -> expression.evaluate(record, environment.sourceZone());
            };
            if (spec.multiValue() != null) {
                if (value == null) {
                    return null;
                }
                List<Object> values = new ArrayList<>();
                for (Object item : spec.multiValue().split(value)) {
                    values.add(lookUp(item));
                }
                Object joined = spec.multiValue().join(values);
                return spec.conversionOrDefault() == Conversion.RAW ? Values.text(joined) : joined;
            }
            return converter.convert(lookUp(value));
        } catch (ValueRejected e) {
            throw e.forField(spec.targetField());
        }
    }

    private Object lookUp(Object value) throws ValueRejected {
        if (lookup == null || value == null) {
            return value;
        }
        String key = Values.text(value);
        String mapped = lookup.get(key);
        if (mapped != null) {
            return mapped;
        }
        return switch (spec.lookup().unmapped()) {
            case PASS_THROUGH -> value;
            case DEFAULT -> spec.lookup().defaultValue();
            case REJECT -> throw new ValueRejected(ValueRejected.UNMAPPED_VALUE, Values.quoted(key)
                    + " has no row in reference lookup '" + spec.lookup().name() + "'");
        };
    }
}
