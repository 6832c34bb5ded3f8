package io.crmsync.config.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.crmsync.config.filter.FilterNode.Operator;
import io.crmsync.config.filter.FilterTokenizer.Kind;
import io.crmsync.config.filter.FilterTokenizer.Token;

/**
 * Recursive-descent parser of the filter language:
 *
 * <pre>
 * filter    = or END
 * or        = and { OR and }
 * and       = unary { AND unary }
 * unary     = NOT unary | "(" or ")" | predicate
 * predicate = path ( op value | [NOT] IN "(" value { "," value } ")" | [NOT] LIKE string | IS [NOT] NULL )
 * op        = "=" | "!=" | "&lt;&gt;" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * value     = string | number | TRUE | FALSE
 * </pre>
 *
 * Keywords are case-insensitive. Limits keep a saved filter cheap to check and to render everywhere.
 */
public final class FilterParser {

    public static final int MAX_LENGTH = 4000;
    public static final int MAX_DEPTH = 20;
    public static final int MAX_LIST_SIZE = 500;
    public static final int MAX_CONDITIONS = 200;

    private static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in", "like", "is", "null", "true",
            "false");
    private static final String OPERATORS = "=, !=, <>, <, <=, >, >=, IN, NOT IN, LIKE, NOT LIKE, IS NULL or "
            + "IS NOT NULL";

    private final List<Token> tokens;
    private int index;
    private int depth;
    private int conditions;

    private FilterParser(List<Token> tokens) {
        this.tokens = tokens;
    }

    /**
     * The tree of a filter text.
     *
     * @throws FilterSyntaxException naming the column and what was expected there
     */
    public static FilterNode parse(String text) {
        if (text.length() > MAX_LENGTH) {
            throw new FilterSyntaxException(MAX_LENGTH + 1, "expected the end: a filter has at most "
                    + MAX_LENGTH + " characters");
        }
        FilterParser parser = new FilterParser(FilterTokenizer.tokenize(text));
        if (parser.peek().kind() == Kind.END) {
            throw new FilterSyntaxException(1, "expected a condition such as Status = \"Active\"");
        }
        FilterNode node = parser.or();
        Token end = parser.peek();
        if (end.kind() != Kind.END) {
            throw new FilterSyntaxException(end.column(), end.kind() == Kind.CLOSE
                    ? "found ')' without a matching '('"
                    : "expected AND, OR or the end of the filter, found " + end.shown());
        }
        return node;
    }

    private FilterNode or() {
        List<FilterNode> operands = new ArrayList<>(List.of(and()));
        while (peek().isKeyword("or")) {
            index++;
            operands.add(and());
        }
        return operands.size() == 1 ? operands.get(0) : new FilterNode.Or(flatten(operands, FilterNode.Or.class));
    }

    private FilterNode and() {
        List<FilterNode> operands = new ArrayList<>(List.of(unary()));
        while (peek().isKeyword("and")) {
            index++;
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.get(0) : new FilterNode.And(flatten(operands, FilterNode.And.class));
    }

    private FilterNode unary() {
        Token token = peek();
        if (token.isKeyword("not") || token.kind() == Kind.OPEN) {
            if (++depth > MAX_DEPTH) {
                throw new FilterSyntaxException(token.column(), "expected a simpler filter: at most " + MAX_DEPTH
                        + " levels of parentheses and NOT");
            }
            index++;
            FilterNode node = token.kind() == Kind.OPEN ? closed(token) : new FilterNode.Not(unary());
            depth--;
            return node;
        }
        return predicate();
    }

    private FilterNode closed(Token open) {
        FilterNode inner = or();
        Token close = peek();
        if (close.kind() != Kind.CLOSE) {
            throw new FilterSyntaxException(close.column(), "expected ')' to close the '(' at column "
                    + open.column() + ", found " + close.shown());
        }
        index++;
        return inner;
    }

    private FilterNode predicate() {
        Token field = take();
        if (field.kind() != Kind.NAME || KEYWORDS.contains(field.text().toLowerCase())) {
            throw new FilterSyntaxException(field.column(), "expected a field name, found " + field.shown());
        }
        if (++conditions > MAX_CONDITIONS) {
            throw new FilterSyntaxException(field.column(), "expected the end: a filter has at most "
                    + MAX_CONDITIONS + " conditions");
        }
        String path = field.text();
        Token op = take();
        if (op.kind() == Kind.OPERATOR) {
            return new FilterNode.Comparison(path, operator(op.text()), value(op));
        }
        boolean negated = op.isKeyword("not");
        Token word = negated ? take() : op;
        if (word.isKeyword("in")) {
            return new FilterNode.In(path, negated, list(word));
        }
        if (word.isKeyword("like")) {
            Token pattern = take();
            if (pattern.kind() != Kind.STRING) {
                throw new FilterSyntaxException(pattern.column(), "expected a quoted pattern after LIKE, found "
                        + pattern.shown());
            }
            return new FilterNode.Like(path, negated, pattern.text());
        }
        if (negated) {
            throw new FilterSyntaxException(word.column(), "expected IN or LIKE after NOT, found " + word.shown());
        }
        if (word.isKeyword("is")) {
            return nullCheck(path);
        }
        throw new FilterSyntaxException(op.column(), "expected an operator (" + OPERATORS + ") after "
                + path + ", found " + op.shown());
    }

    private FilterNode nullCheck(String path) {
        boolean notNull = peek().isKeyword("not");
        if (notNull) {
            index++;
        }
        Token word = take();
        if (!word.isKeyword("null")) {
            throw new FilterSyntaxException(word.column(), "expected " + (notNull ? "NULL after IS NOT" :
                    "NULL or NOT NULL after IS") + ", found " + word.shown());
        }
        return new FilterNode.NullCheck(path, notNull);
    }

    private List<FilterValue> list(Token in) {
        Token open = take();
        if (open.kind() != Kind.OPEN) {
            throw new FilterSyntaxException(open.column(), "expected '(' after IN, found " + open.shown());
        }
        List<FilterValue> values = new ArrayList<>();
        while (true) {
            Token before = peek();
            if (before.kind() == Kind.CLOSE && values.isEmpty()) {
                throw new FilterSyntaxException(before.column(), "expected a value in the IN list (it cannot be "
                        + "empty)");
            }
            if (values.size() == MAX_LIST_SIZE) {
                throw new FilterSyntaxException(before.column(), "expected ')': an IN list has at most "
                        + MAX_LIST_SIZE + " values");
            }
            values.add(value(values.isEmpty() ? open : tokens.get(index - 1)));
            Token next = take();
            if (next.kind() == Kind.CLOSE) {
                return values;
            }
            if (next.kind() != Kind.COMMA) {
                throw new FilterSyntaxException(next.column(), "expected ',' or ')' in the IN list opened at "
                        + "column " + open.column() + ", found " + next.shown());
            }
        }
    }

    /** A literal; {@code after} is the token before it, named in the message when the value is missing. */
    private FilterValue value(Token after) {
        Token token = take();
        switch (token.kind()) {
            case STRING:
                return new FilterValue.Text(token.text());
            case NUMBER:
                return number(token.number());
            case NAME:
                if (token.isKeyword("true") || token.isKeyword("false")) {
                    return new FilterValue.Bool(token.isKeyword("true"));
                }
                if (token.isKeyword("null")) {
                    throw new FilterSyntaxException(token.column(), "expected a value after '" + after.text()
                            + "'; to test for an empty field write IS NULL or IS NOT NULL");
                }
                break;
            default:
                break;
        }
        throw new FilterSyntaxException(token.column(), "expected a value after '" + after.text()
                + "' (a quoted string, a number, true or false), found " + token.shown());
    }

    /** {@code (a OR b) OR c} is {@code a OR b OR c}: one level per junction keeps trees and HubSpot groups flat. */
    private static List<FilterNode> flatten(List<FilterNode> operands, Class<? extends FilterNode> junction) {
        List<FilterNode> flat = new ArrayList<>();
        for (FilterNode operand : operands) {
            if (operand instanceof FilterNode.Or or && junction == FilterNode.Or.class) {
                flat.addAll(or.operands());
            } else if (operand instanceof FilterNode.And and && junction == FilterNode.And.class) {
                flat.addAll(and.operands());
            } else {
                flat.add(operand);
            }
        }
        return flat;
    }

    private static FilterValue number(BigDecimal number) {
        if (number.scale() == 0) {
            try {
                return new FilterValue.Integer(number.longValueExact());
            } catch (ArithmeticException tooLarge) {
                // falls through: kept exact as a decimal
            }
        }
        return new FilterValue.Decimal(number);
    }

    private static Operator operator(String symbol) {
        return switch (symbol) {
            case "=" -> Operator.EQUAL;
            case "!=", "<>" -> Operator.NOT_EQUAL;
            case "<" -> Operator.LESS;
            case "<=" -> Operator.LESS_OR_EQUAL;
            case ">" -> Operator.GREATER;
            default -> Operator.GREATER_OR_EQUAL;
        };
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token take() {
        Token token = tokens.get(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }
}
