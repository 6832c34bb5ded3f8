package io.crmsync.emulator.dataverse;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The {@code $filter} subset the Web API takes for table rows: {@code eq ne gt ge lt le}, {@code and or not},
 * parentheses, {@code startswith/endswith/contains}, and literals: quoted strings ({@code ''} escapes a quote),
 * {@code null}, {@code true/false}, numbers, unquoted GUIDs and date-times. Text compares without case, as
 * Dataverse's SQL collation does; a comparison with a null column value is false (SQL semantics) except
 * {@code eq null}.
 */
final class ODataFilter {

    private final String text;
    private final Function<String, Column> columns;
    private int pos;

    private ODataFilter(String text, Function<String, Column> columns) {
        this.text = text;
        this.columns = columns;
    }

    /**
     * Parses a filter against columns resolved by name (the resolver throws for unknown names).
     *
     * @throws DvException 400 for syntax errors, unknown properties and literals of the wrong type
     */
    static Predicate<Map<String, Object>> parse(String text, Function<String, Column> columns) {
        ODataFilter p = new ODataFilter(text, columns);
        Predicate<Map<String, Object>> result = p.or();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.syntax();
        }
        return result;
    }

    private Predicate<Map<String, Object>> or() {
        Predicate<Map<String, Object>> left = and();
        while (keyword("or")) {
            left = left.or(and());
        }
        return left;
    }

    private Predicate<Map<String, Object>> and() {
        Predicate<Map<String, Object>> left = not();
        while (keyword("and")) {
            left = left.and(not());
        }
        return left;
    }

    private Predicate<Map<String, Object>> not() {
        if (keyword("not")) {
            return not().negate();
        }
        return primary();
    }

    private Predicate<Map<String, Object>> primary() {
        skipSpace();
        if (peek('(')) {
            pos++;
            Predicate<Map<String, Object>> inner = or();
            expect(')');
            return inner;
        }
        String name = identifier();
        skipSpace();
        if (peek('(')) {
            return function(name.toLowerCase(Locale.ROOT));
        }
        Column column = columns.apply(name);
        String op = identifier().toLowerCase(Locale.ROOT);
        Object literal = literal(column, op);
        return switch (op) {
            case "eq" -> r -> literal == null ? r.get(column.name()) == null : cmp(column, r, literal) == 0;
            case "ne" -> r -> literal == null ? r.get(column.name()) != null
                    : r.get(column.name()) != null && cmp(column, r, literal) != 0;
            case "gt" -> r -> cmpOr(column, r, literal, 0) > 0;
            case "ge" -> r -> cmpOr(column, r, literal, -1) >= 0;
            case "lt" -> r -> cmpOr(column, r, literal, 0) < 0;
            case "le" -> r -> cmpOr(column, r, literal, 1) <= 0;
            default -> throw syntax();
        };
    }

    /** Comparison with a null side is "unknown", i.e. false: {@code none} is a result that fails the test. */
    private static int cmpOr(Column c, Map<String, Object> r, Object literal, int none) {
        Object v = r.get(c.name());
        if (v == null || literal == null) {
            return none;
        }
        return DvValues.compare(c, v, literal);
    }

    private static int cmp(Column c, Map<String, Object> r, Object literal) {
        return cmpOr(c, r, literal, Integer.MIN_VALUE);
    }

    private Predicate<Map<String, Object>> function(String fn) {
        expect('(');
        skipSpace();
        Column column = columns.apply(identifier());
        expect(',');
        Object literal = literal(column, fn);
        expect(')');
        if (column.type() != Column.Type.STRING || !(literal instanceof String s)) {
            throw DvException.badRequest("The '" + fn + "' function requires text arguments.");
        }
        String needle = s.toLowerCase(Locale.ROOT);
        Predicate<String> test = switch (fn) {
            case "startswith" -> v -> v.startsWith(needle);
            case "endswith" -> v -> v.endsWith(needle);
            case "contains" -> v -> v.contains(needle);
            default -> throw DvException.badRequest("An unknown function with name '" + fn + "' was found. This "
                    + "may also be a function import or a key lookup on a navigation property, which is not allowed.");
        };
        return r -> r.get(column.name()) instanceof String v && test.test(v.toLowerCase(Locale.ROOT));
    }

    private Object literal(Column column, String op) {
        skipSpace();
        if (peek('\'')) {
            StringBuilder out = new StringBuilder();
            pos++;
            while (true) {
                if (pos >= text.length()) {
                    throw DvException.badRequest("There is an unterminated string literal at position " + pos
                            + " in '" + text + "'.");
                }
                char c = text.charAt(pos++);
                if (c == '\'') {
                    if (peek('\'')) {
                        pos++;
                        out.append('\'');
                        continue;
                    }
                    break;
                }
                out.append(c);
            }
            String s = out.toString();
            if (column.type() != Column.Type.STRING) {
                throw incompatible(column, "Edm.String", op);
            }
            return s;
        }
        int start = pos;
        while (pos < text.length() && " ),".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        String token = text.substring(start, pos);
        if (token.isEmpty()) {
            throw syntax();
        }
        if (token.equals("null")) {
            return null;
        }
        try {
            return switch (column.type()) {
                case GUID -> {
                    if (!DvValues.GUID.matcher(token).matches()) {
                        throw incompatible(column, kind(token), op);
                    }
                    yield token.toLowerCase(Locale.ROOT);
                }
                case INTEGER, BIGINT -> Long.parseLong(token);
                case MONEY -> new BigDecimal(token.replaceFirst("(?i)[md]$", ""));
                case BOOLEAN -> switch (token) {
                    case "true" -> Boolean.TRUE;
                    case "false" -> Boolean.FALSE;
                    default -> throw incompatible(column, kind(token), op);
                };
                case DATETIME -> {
                    Instant i = DvValues.instant(token);
                    yield i;
                }
                case STRING -> throw incompatible(column, kind(token), op);
            };
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw incompatible(column, kind(token), op);
        }
    }

    private static String kind(String token) {
        if (token.matches("-?\\d+")) {
            return "Edm.Int32";
        }
        if (token.matches("-?\\d+\\.\\d+")) {
            return "Edm.Decimal";
        }
        if (token.equals("true") || token.equals("false")) {
            return "Edm.Boolean";
        }
        if (DvValues.GUID.matcher(token).matches()) {
            return "Edm.Guid";
        }
        return "Edm.DateTimeOffset";
    }

    private static DvException incompatible(Column c, String literalType, String op) {
        return DvException.badRequest("A binary operator with incompatible types was detected. Found operand types '"
                + c.type().edm + "' and '" + literalType + "' for operator kind '" + opKind(op) + "'.");
    }

    private static String opKind(String op) {
        return switch (op) {
            case "eq" -> "Equal";
            case "ne" -> "NotEqual";
            case "gt" -> "GreaterThan";
            case "ge" -> "GreaterThanOrEqual";
            case "lt" -> "LessThan";
            case "le" -> "LessThanOrEqual";
            default -> op;
        };
    }

    private String identifier() {
        skipSpace();
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw syntax();
        }
        return text.substring(start, pos);
    }

    private boolean keyword(String word) {
        skipSpace();
        int end = pos + word.length();
        if (end <= text.length() && text.regionMatches(true, pos, word, 0, word.length())
                && (end == text.length() || text.charAt(end) == ' ' || text.charAt(end) == '(')) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(char c) {
        skipSpace();
        if (!peek(c)) {
            throw syntax();
        }
        pos++;
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length() && text.charAt(pos) == ' ') {
            pos++;
        }
    }

    private DvException syntax() {
        return DvException.badRequest("Syntax error at position " + pos + " in '" + text + "'.");
    }
}
