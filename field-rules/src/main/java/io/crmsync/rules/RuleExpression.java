package io.crmsync.rules;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.Timestamp;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerBuilder;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * A field rule's expression in CEL (Common Expression Language): safe by design (no loops beyond bounded
 * comprehensions, no I/O), type-checked when the rule is saved, and held to a cost limit on every record.
 *
 * <p>Source fields are variables named as the source names them; a dot path such as {@code Owner.Name} is one
 * variable. Empty source values are {@code null}. Numbers with decimals are {@code double}; dates and times are
 * {@code timestamp} (a wall-clock value read in the source endpoint's zone). The standard library plus CEL's
 * string and math extensions are available, e.g. {@code FirstName.trim() + ' ' + LastName.upperAscii()}.
 */
public final class RuleExpression {

    /** The longest expression accepted, in characters. */
    public static final int MAX_LENGTH = 4000;
    /** Evaluation steps one expression may take on one record before the record is rejected. */
    public static final int MAX_STEPS = 10_000;
    /** Iterations one comprehension ({@code map}, {@code filter}, {@code all}, ...) may take. */
    private static final int MAX_ITERATIONS = 1_000;

    private static final CelOptions OPTIONS = CelOptions.current().maxExpressionCodePointSize(MAX_LENGTH)
            .comprehensionMaxIterations(MAX_ITERATIONS).maxParseRecursionDepth(64).build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS)).build();
    private static final CelCompiler PARSER = compilerBuilder().build();

    private final String text;
    private final List<String> fields;
    private final FieldType resultType;
    private final CelRuntime.Program program;

    private RuleExpression(String text, List<String> fields, FieldType resultType, CelRuntime.Program program) {
        this.text = text;
        this.fields = fields;
        this.resultType = resultType;
        this.program = program;
    }

    private static CelCompilerBuilder compilerBuilder() {
        return CelCompilerFactory.standardCelCompilerBuilder().setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS));
    }

    /**
     * The source fields the expression reads, in order of first use. Fails on a syntax error.
     */
    public static List<String> referencedFields(String text) throws RuleDefinitionException {
        CelValidationResult parsed = PARSER.parse(text);
        if (parsed.hasError()) {
            throw new RuleDefinitionException("expression", describe(parsed));
        }
        try {
            Set<String> found = new LinkedHashSet<>();
            collect(parsed.getAst().getExpr(), new ArrayDeque<>(), found);
            return List.copyOf(found);
        } catch (Exception e) {
            throw new RuleDefinitionException("expression", e.getMessage());
        }
    }

    /**
     * Parses and type-checks the expression.
     *
     * @param fieldTypes the known type of source fields; a field missing here is checked as {@code dyn} (any type),
     *     as when a rule is saved before its source object has been described
     */
    public static RuleExpression compile(String text, Map<String, FieldType> fieldTypes)
            throws RuleDefinitionException {
        List<String> fields = referencedFields(text);
        CelCompilerBuilder builder = compilerBuilder();
        for (String field : fields) {
            FieldType type = fieldTypes.get(field);
            builder.addVar(field, type == null ? SimpleType.DYN : celType(type));
        }
        CelValidationResult checked = builder.build().compile(text);
        if (checked.hasError()) {
            throw new RuleDefinitionException("expression", describe(checked));
        }
        try {
            CelAbstractSyntaxTree ast = checked.getAst();
            return new RuleExpression(text, fields, fieldType(ast.getResultType()), RUNTIME.createProgram(ast));
        } catch (Exception e) {
            throw new RuleDefinitionException("expression", e.getMessage());
        }
    }

    public String text() {
        return text;
    }

    /** The source fields read, in order of first use. */
    public List<String> fields() {
        return fields;
    }

    /** What the expression yields; {@link FieldType#OTHER} when only known at run time. */
    public FieldType resultType() {
        return resultType;
    }

    /**
     * Evaluates the expression on one record.
     *
     * @param values a source field's value by name
     * @param sourceZone the zone wall-clock source values are read in
     */
    public Object evaluate(Function<String, Object> values, ZoneId sourceZone) throws ValueRejected {
        Map<String, Object> variables = new HashMap<>();
        for (String field : fields) {
            variables.put(field, toCel(values.apply(field), sourceZone));
        }
        int[] steps = {0};
        Object result;
        try {
            result = program.trace(variables, (expr, value) -> {
                if (++steps[0] > MAX_STEPS) {
                    throw new CostExceeded();
                }
            });
        } catch (CelEvaluationException e) {
            if (e.getCause() instanceof CostExceeded || e.getMessage().contains("Iteration budget exceeded")) {
                throw new ValueRejected(ValueRejected.EXPRESSION_COST_EXCEEDED,
                        "the expression went past its cost limit (" + MAX_STEPS + " steps, " + MAX_ITERATIONS
                                + " iterations per comprehension)");
            }
            throw new ValueRejected(ValueRejected.EXPRESSION_ERROR, "the expression failed: " + cleanMessage(e));
        } catch (CostExceeded e) {
            throw new ValueRejected(ValueRejected.EXPRESSION_COST_EXCEEDED,
                    "the expression went past its cost limit (" + MAX_STEPS + " steps)");
        }
        return fromCel(result);
    }

    /** Thrown from the evaluation listener to stop an expression at its step limit. */
    private static final class CostExceeded extends RuntimeException {
        CostExceeded() {
            super("cost limit", null, false, false);
        }
    }

    private static CelType celType(FieldType type) {
        return switch (type) {
            case TEXT -> NullableType.create(SimpleType.STRING);
            case INTEGER -> NullableType.create(SimpleType.INT);
            case DECIMAL -> NullableType.create(SimpleType.DOUBLE);
            case BOOLEAN -> NullableType.create(SimpleType.BOOL);
            case DATE, LOCAL_TIMESTAMP, TIMESTAMP -> SimpleType.TIMESTAMP;
            case LIST -> ListType.create(SimpleType.DYN);
            case OTHER -> SimpleType.DYN;
        };
    }

    private static FieldType fieldType(CelType type) {
        CelType plain = type instanceof NullableType n ? n.targetType() : type;
        CelKind kind = plain.kind();
        return switch (kind) {
            case STRING -> FieldType.TEXT;
            case INT, UINT -> FieldType.INTEGER;
            case DOUBLE -> FieldType.DECIMAL;
            case BOOL -> FieldType.BOOLEAN;
            case TIMESTAMP -> FieldType.TIMESTAMP;
            case LIST -> FieldType.LIST;
            default -> FieldType.OTHER;
        };
    }

    private static Object toCel(Object value, ZoneId zone) {
        if (value == null) {
            return com.google.protobuf.NullValue.NULL_VALUE;
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        if (value instanceof BigDecimal d) {
            return d.doubleValue();
        }
        if (value instanceof Float f) {
            return f.doubleValue();
        }
        Instant instant = value instanceof OffsetDateTime o ? o.toInstant()
                : value instanceof LocalDateTime l ? l.atZone(zone).toInstant()
                : value instanceof LocalDate d ? d.atStartOfDay(zone).toInstant()
                : value instanceof Instant i ? i : null;
        if (instant != null) {
            return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
        }
        if (value instanceof List<?> list) {
            return list.stream().map(v -> toCel(v, zone)).toList();
        }
        return value;
    }

    private static Object fromCel(Object value) throws ValueRejected {
        if (value == null || value instanceof com.google.protobuf.NullValue) {
            return null;
        }
        if (value instanceof String || value instanceof Long || value instanceof Double || value instanceof Boolean) {
            return value;
        }
        if (value instanceof UnsignedLong u) {
            return new BigDecimal(new BigInteger(u.toString()));
        }
        if (value instanceof Timestamp t) {
            return Instant.ofEpochSecond(t.getSeconds(), t.getNanos()).atOffset(ZoneOffset.UTC);
        }
        if (value instanceof List<?> list) {
            List<Object> items = new ArrayList<>(list.size());
            for (Object item : list) {
                items.add(fromCel(item));
            }
            return items;
        }
        throw new ValueRejected(ValueRejected.EXPRESSION_ERROR, "the expression returned a "
                + value.getClass().getSimpleName() + ", which no field can hold; return text, a number, a boolean, "
                + "a timestamp or a list");
    }

    /** Walks the syntax tree: identifiers and dot paths not bound by a comprehension are source fields. */
    private static void collect(CelExpr expr, Deque<String> bound, Set<String> found) {
        switch (expr.getKind()) {
            case IDENT -> {
                if (!bound.contains(expr.ident().name())) {
                    found.add(expr.ident().name());
                }
            }
            case SELECT -> {
                String path = path(expr);
                if (path != null && !bound.contains(path.substring(0, path.indexOf('.')))) {
                    found.add(path);
                } else {
                    collect(expr.select().operand(), bound, found);
                }
            }
            case CALL -> {
                expr.call().target().ifPresent(t -> collect(t, bound, found));
                expr.call().args().forEach(a -> collect(a, bound, found));
            }
            case LIST -> expr.list().elements().forEach(e -> collect(e, bound, found));
            case MAP -> expr.map().entries().forEach(e -> {
                collect(e.key(), bound, found);
                collect(e.value(), bound, found);
            });
            case STRUCT -> expr.struct().entries().forEach(e -> collect(e.value(), bound, found));
            case COMPREHENSION -> {
                var c = expr.comprehension();
                collect(c.iterRange(), bound, found);
                collect(c.accuInit(), bound, found);
                bound.push(c.iterVar());
                bound.push(c.accuVar());
                collect(c.loopCondition(), bound, found);
                collect(c.loopStep(), bound, found);
                collect(c.result(), bound, found);
                bound.pop();
                bound.pop();
            }
            default -> {
                // constants and empty nodes read no field
            }
        }
    }

    /** {@code a.b.c} when the select chain ends in an identifier, else null. */
    private static String path(CelExpr expr) {
        if (expr.getKind() == CelExpr.ExprKind.Kind.IDENT) {
            return expr.ident().name();
        }
        if (expr.getKind() == CelExpr.ExprKind.Kind.SELECT && !expr.select().testOnly()) {
            String operand = path(expr.select().operand());
            return operand == null ? null : operand + "." + expr.select().field();
        }
        return null;
    }

    private static String describe(CelValidationResult result) {
        return result.getAllIssues().stream().map(i -> {
            String message = i.getMessage();
            int line = i.getSourceLocation().getLine();
            int column = i.getSourceLocation().getColumn();
            return line > 0 ? "line " + line + ", column " + (column + 1) + ": " + message : message;
        }).distinct().reduce((a, b) -> a + "; " + b).orElse("is not a valid expression");
    }

    private static String cleanMessage(CelEvaluationException e) {
        String message = e.getMessage();
        return message.replaceFirst("^evaluation error(?: at <input>:\\d+)?: ", "");
    }

    @Override
    public String toString() {
        return text;
    }
}
