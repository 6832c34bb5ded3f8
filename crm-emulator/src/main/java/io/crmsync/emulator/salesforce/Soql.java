package io.crmsync.emulator.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SOQL subset connectors send: {@code SELECT f, ... FROM Obj [WHERE ...] [ORDER BY f [ASC|DESC]
 * [NULLS FIRST|LAST], ...] [LIMIT n]}, with comparisons, IN, NOT IN, LIKE, AND/OR/NOT and parentheses. Errors use
 * the real codes (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE) so a connector's error handling is exercised.
 */
final class Soql {
    /** A parsed query, resolved against the schema. */
    record Query(ObjectSchema schema, List<FieldDef> select, Predicate<Map<String, Object>> where,
            Comparator<Map<String, Object>> orderBy, Integer limit) {
    }

    private record Token(String kind, String text, int column) {
    }

    private static final Pattern LEX = Pattern.compile(
            "\\s*(?:(?<dt>\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d+)?(?:Z|[+-]\\d{2}:?\\d{2}))"
                    + "|(?<date>\\d{4}-\\d{2}-\\d{2})(?![\\d:T])|(?<num>-?\\d+(?:\\.\\d+)?)"
                    + "|(?<str>'(?:[^'\\\\]|\\\\.)*')|(?<id>[A-Za-z_][A-Za-z0-9_.]*)"
                    + "|(?<op>!=|<>|<=|>=|=|<|>|\\(|\\)|,))");

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private final Function<String, ObjectSchema> schemas;
    private ObjectSchema schema;
    private int pos;

    private Soql(String text, Function<String, ObjectSchema> schemas) {
        this.text = text;
        this.schemas = schemas;
    }

    /** Parses and resolves a query; SfException with a Salesforce error code when it is not valid. */
    static Query parse(String text, Function<String, ObjectSchema> schemas) {
        Soql p = new Soql(text, schemas);
        p.lex();
        return p.query();
    }

    private void lex() {
        Matcher m = LEX.matcher(text);
        int at = 0;
        while (at < text.length()) {
            if (text.substring(at).isBlank()) {
                break;
            }
            if (!m.find(at) || m.start() != at) {
                throw malformed("unexpected token: " + text.substring(at).trim().split("\\s+")[0]);
            }
            for (String kind : List.of("dt", "date", "num", "str", "id", "op")) {
                if (m.group(kind) != null) {
                    tokens.add(new Token(kind, m.group(kind), m.start(kind) + 1));
                }
            }
            at = m.end();
        }
    }

    private Query query() {
        keyword("SELECT");
        List<Token> selected = new ArrayList<>();
        do {
            selected.add(expect("id"));
        } while (accept(","));
        keyword("FROM");
        Token from = expect("id");
        schema = schemas.apply(from.text());
        if (schema == null) {
            throw new SfException(400, "INVALID_TYPE", "\n" + text + "\n" + caret(from) + "\nERROR at Row:1:Column:"
                    + from.column() + "\nsObject type '" + from.text() + "' is not supported. If you are attempting"
                    + " to use a custom object, be sure to append the '__c' after the entity name. Please reference"
                    + " your WSDL or the describe call for the appropriate names.");
        }
        List<FieldDef> select = new ArrayList<>();
        for (Token t : selected) {
            select.add(field(t));
        }
        Predicate<Map<String, Object>> where = r -> true;
        if (acceptKeyword("WHERE")) {
            where = or();
        }
        Comparator<Map<String, Object>> order = null;
        if (acceptKeyword("ORDER")) {
            keyword("BY");
            do {
                Comparator<Map<String, Object>> c = orderItem();
                order = order == null ? c : order.thenComparing(c);
            } while (accept(","));
        }
        Integer limit = null;
        if (acceptKeyword("LIMIT")) {
            Token n = expect("num");
            try {
                limit = Integer.parseInt(n.text());
            } catch (NumberFormatException e) {
                throw malformed("LIMIT must be a non-negative integer");
            }
            if (limit < 0) {
                throw malformed("LIMIT must be a non-negative integer");
            }
        }
        if (pos < tokens.size()) {
            throw malformed("unexpected token: '" + tokens.get(pos).text() + "'");
        }
        return new Query(schema, select, where, order, limit);
    }

    private Comparator<Map<String, Object>> orderItem() {
        FieldDef f = field(expect("id"));
        boolean desc = acceptKeyword("DESC");
        if (!desc) {
            acceptKeyword("ASC");
        }
        boolean nullsFirst = !desc;
        if (acceptKeyword("NULLS")) {
            nullsFirst = acceptKeyword("FIRST");
            if (!nullsFirst) {
                keyword("LAST");
            }
        }
        Comparator<Object> values = (a, b) -> compare(a, b);
        Comparator<Object> nulls = nullsFirst ? Comparator.nullsFirst(desc ? values.reversed() : values)
                : Comparator.nullsLast(desc ? values.reversed() : values);
        return Comparator.comparing(r -> r.get(f.name()), nulls);
    }

    private Predicate<Map<String, Object>> or() {
        Predicate<Map<String, Object>> p = and();
        while (acceptKeyword("OR")) {
            p = p.or(and());
        }
        return p;
    }

    private Predicate<Map<String, Object>> and() {
        Predicate<Map<String, Object>> p = not();
        while (acceptKeyword("AND")) {
            p = p.and(not());
        }
        return p;
    }

    private Predicate<Map<String, Object>> not() {
        if (acceptKeyword("NOT")) {
            return not().negate();
        }
        if (accept("(")) {
            Predicate<Map<String, Object>> p = or();
            expectOp(")");
            return p;
        }
        return condition();
    }

    private Predicate<Map<String, Object>> condition() {
        FieldDef f = field(expect("id"));
        String name = f.name();
        boolean negated = acceptKeyword("NOT");
        if (acceptKeyword("IN")) {
            expectOp("(");
            List<Object> values = new ArrayList<>();
            do {
                values.add(literal(f));
            } while (accept(","));
            expectOp(")");
            Predicate<Map<String, Object>> in = r -> values.stream().anyMatch(v -> equal(r.get(name), v));
            return negated ? in.negate() : in;
        }
        if (negated) {
            throw malformed("expecting IN after NOT");
        }
        if (acceptKeyword("LIKE")) {
            Token t = expect("str");
            Pattern like = Pattern.compile(likeRegex(unquote(t.text())), Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
            return r -> r.get(name) != null && like.matcher(r.get(name).toString()).matches();
        }
        Token op = expect("op");
        Object v = literal(f);
        return switch (op.text()) {
            case "=" -> r -> equal(r.get(name), v);
            case "!=", "<>" -> r -> !equal(r.get(name), v);
            case "<" -> r -> ordered(r.get(name), v) && compare(r.get(name), v) < 0;
            case "<=" -> r -> ordered(r.get(name), v) && compare(r.get(name), v) <= 0;
            case ">" -> r -> ordered(r.get(name), v) && compare(r.get(name), v) > 0;
            case ">=" -> r -> ordered(r.get(name), v) && compare(r.get(name), v) >= 0;
            default -> throw malformed("unexpected token: '" + op.text() + "'");
        };
    }

    /** A literal checked against the field's type, as Salesforce rejects quoted datetimes and the like. */
    private Object literal(FieldDef f) {
        Token t = next();
        if (t.kind().equals("id") && t.text().equalsIgnoreCase("null")) {
            return null;
        }
        try {
            if (f.isText() && t.kind().equals("str")) {
                return unquote(t.text());
            }
            if (f.type().equals("boolean") && t.kind().equals("id")
                    && (t.text().equalsIgnoreCase("true") || t.text().equalsIgnoreCase("false"))) {
                return Boolean.parseBoolean(t.text().toLowerCase(Locale.ROOT));
            }
            if (f.isNumber() && t.kind().equals("num")) {
                return new BigDecimal(t.text());
            }
            if (f.type().equals("datetime") && t.kind().equals("dt")) {
                return Values.parseDateTime(t.text());
            }
            if (f.type().equals("date") && t.kind().equals("date")) {
                return LocalDate.parse(t.text());
            }
        } catch (RuntimeException e) {
            throw malformed("invalid literal " + t.text());
        }
        if (t.kind().equals("str") && !f.isText()) {
            throw new SfException(400, "INVALID_FIELD", "\n" + text + "\n" + caret(t) + "\nERROR at Row:1:Column:"
                    + t.column() + "\nvalue of filter criterion for field '" + f.name() + "' must be of type "
                    + f.type() + " and should not be enclosed in quotes");
        }
        throw malformed("invalid value " + t.text() + " for field " + f.name() + " of type " + f.type());
    }

    private FieldDef field(Token t) {
        FieldDef f = schema.field(t.text());
        if (f == null) {
            throw new SfException(400, "INVALID_FIELD", "\n" + text + "\n" + caret(t) + "\nERROR at Row:1:Column:"
                    + t.column() + "\nNo such column '" + t.text() + "' on entity '" + schema.name()
                    + "'. If you are attempting to use a custom field, be sure to append the '__c' after the custom"
                    + " field name. Please reference your WSDL or the describe call for the appropriate names.");
        }
        return f;
    }

    private static boolean equal(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        return compare(a, b) == 0;
    }

    private static boolean ordered(Object a, Object b) {
        return a != null && b != null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static int compare(Object a, Object b) {
        if (a instanceof String s && b instanceof String t) {
            return s.compareToIgnoreCase(t);
        }
        if (a instanceof Number x && b instanceof Number y) {
            return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString()));
        }
        if (a instanceof Instant || a instanceof LocalDate || a instanceof Boolean) {
            return ((Comparable) a).compareTo(b);
        }
        return a.toString().compareTo(b.toString());
    }

    private static String likeRegex(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            sb.append(c == '%' ? ".*" : c == '_' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return sb.toString();
    }

    private static String unquote(String quoted) {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < quoted.length() - 1; i++) {
            char c = quoted.charAt(i);
            if (c == '\\') {
                char e = quoted.charAt(++i);
                sb.append(switch (e) {
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    default -> e;
                });
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private Token next() {
        if (pos >= tokens.size()) {
            throw malformed("unexpected end of query");
        }
        return tokens.get(pos++);
    }

    private Token expect(String kind) {
        Token t = next();
        if (!t.kind().equals(kind) || kind.equals("id") && isKeyword(t.text())) {
            throw malformed("unexpected token: '" + t.text() + "'");
        }
        return t;
    }

    private void expectOp(String op) {
        Token t = next();
        if (!t.text().equals(op)) {
            throw malformed("expecting '" + op + "', found '" + t.text() + "'");
        }
    }

    private boolean accept(String op) {
        if (pos < tokens.size() && tokens.get(pos).kind().equals("op") && tokens.get(pos).text().equals(op)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String kw) {
        if (pos < tokens.size() && tokens.get(pos).kind().equals("id") && tokens.get(pos).text().equalsIgnoreCase(kw)) {
            pos++;
            return true;
        }
        return false;
    }

    private void keyword(String kw) {
        if (!acceptKeyword(kw)) {
            throw malformed(pos < tokens.size() ? "unexpected token: '" + tokens.get(pos).text() + "'"
                    : "unexpected end of query, expecting " + kw);
        }
    }

    private static boolean isKeyword(String s) {
        return List.of("SELECT", "FROM", "WHERE", "ORDER", "BY", "LIMIT", "AND", "OR", "NOT", "IN", "LIKE")
                .contains(s.toUpperCase(Locale.ROOT));
    }

    private String caret(Token t) {
        return " ".repeat(Math.max(0, t.column() - 1)) + "^";
    }

    private SfException malformed(String detail) {
        return new SfException(400, "MALFORMED_QUERY", "\n" + text + "\nERROR at Row:1\n" + detail);
    }
}
