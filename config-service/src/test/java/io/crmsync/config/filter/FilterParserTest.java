package io.crmsync.config.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FilterParserTest {

    static Stream<Arguments> validFilters() {
        return Stream.of(
                Arguments.of("AccountType__c = \"customer\"", "AccountType__c = 'customer'"),
                Arguments.of("AccountType__c = \"customer\" AND Status__c IN (\"Active\", 'Disabled') "
                        + "AND (Score >= 10 OR Owner.Name LIKE \"A%\") AND Email IS NOT NULL",
                        "AND[AccountType__c = 'customer', Status__c IN ['Active', 'Disabled'], "
                                + "OR[Score >= 10, Owner.Name LIKE 'A%'], Email IS NOT NULL]"),
                Arguments.of("a = 1 OR b = 2 AND c = 3", "OR[a = 1, AND[b = 2, c = 3]]"),
                Arguments.of("(a = 1 OR b = 2) AND c = 3", "AND[OR[a = 1, b = 2], c = 3]"),
                Arguments.of("a = 1 OR (b = 2 OR c = 3)", "OR[a = 1, b = 2, c = 3]"),
                Arguments.of("((a = 1))", "a = 1"),
                Arguments.of("NOT a = 1 AND b = 2", "AND[NOT[a = 1], b = 2]"),
                Arguments.of("NOT (a = 1 OR b = 2)", "NOT[OR[a = 1, b = 2]]"),
                Arguments.of("not not a = 1", "NOT[NOT[a = 1]]"),
                Arguments.of("a != 1 and b <> 2 and c < 3 and d <= 4 and e > 5 and f >= 6",
                        "AND[a != 1, b != 2, c < 3, d <= 4, e > 5, f >= 6]"),
                Arguments.of("a=-5", "a = -5"),
                Arguments.of("price >= 10.50", "price >= 10.50m"),
                Arguments.of("big = 123456789012345678901234", "big = 123456789012345678901234m"),
                Arguments.of("flag = TRUE or flag = false", "OR[flag = true, flag = false]"),
                Arguments.of("a NOT IN (1, 2.5, 'x', true)", "a NOT IN [1, 2.5m, 'x', true]"),
                Arguments.of("a in ('only')", "a IN ['only']"),
                Arguments.of("name not like '%son'", "name NOT LIKE '%son'"),
                Arguments.of("name LIKE 'A\\%b\\_'", "name LIKE 'A\\%b\\_'"),
                Arguments.of("a is null", "a IS NULL"),
                Arguments.of("Account.Owner.Name IS NOT NULL", "Account.Owner.Name IS NOT NULL"),
                Arguments.of("s = 'it\\'s' AND t = \"say \\\"hi\\\"\"", "AND[s = 'it's', t = 'say \"hi\"']"),
                Arguments.of("s = 'tab\\there\\nnew \\\\ back'", "s = 'tab\there\nnew \\ back'"),
                Arguments.of("Straße_$1 = 'ü'", "Straße_$1 = 'ü'"),
                Arguments.of("  a   =   'x'  ", "a = 'x'"),
                Arguments.of("_x = ''", "_x = ''"));
    }

    @ParameterizedTest
    @MethodSource("validFilters")
    void shouldParseValidFiltersIntoTheExpectedTree(String text, String expectedTree) {
        // when
        FilterNode tree = FilterParser.parse(text);

        // then
        assertThat(show(tree)).isEqualTo(expectedTree);
    }

    static Stream<Arguments> injectionLookingStrings() {
        return Stream.of(
                "x'); DROP TABLE contacts; --",
                "' OR '1'='1",
                "\" OR 1=1 --",
                "%' OR name LIKE '%",
                "a\" AND b = \"c",
                "$$; DELETE FROM x; $$",
                "\\'; SELECT pg_sleep(10); --")
                .map(s -> Arguments.of(s));
    }

    @ParameterizedTest
    @MethodSource("injectionLookingStrings")
    void shouldKeepInjectionLookingStringsAsOneLiteral(String hostile) {
        // given: the hostile text written as a properly escaped double-quoted string
        String escaped = hostile.replace("\\", "\\\\").replace("\"", "\\\"");

        // when
        FilterNode tree = FilterParser.parse("name = \"" + escaped + "\"");

        // then
        assertThat(tree).isEqualTo(new FilterNode.Comparison("name", FilterNode.Operator.EQUAL,
                new FilterValue.Text(hostile)));
    }

    static Stream<Arguments> malformedFilters() {
        return Stream.of(
                Arguments.of("", 1, "expected a condition"),
                Arguments.of("   ", 1, "expected a condition"),
                Arguments.of("AccountType__c = ", 18, "expected a value after '='"),
                Arguments.of("a =", 4, "expected a value after '=' (a quoted string, a number, true or false), "
                        + "found the end of the filter"),
                Arguments.of("a = b", 5, "expected a value after '='"),
                Arguments.of("a = NULL", 5, "write IS NULL or IS NOT NULL"),
                Arguments.of("= 1", 1, "expected a field name, found '='"),
                Arguments.of("a 1", 3, "expected an operator"),
                Arguments.of("a", 2, "expected an operator"),
                Arguments.of("a = 1 b = 2", 7, "expected AND, OR or the end of the filter, found 'b'"),
                Arguments.of("a = 1 AND", 10, "expected a field name, found the end of the filter"),
                Arguments.of("a = 1 OR OR b = 1", 10, "expected a field name, found 'OR'"),
                Arguments.of("(a = 1", 7, "expected ')' to close the '(' at column 1"),
                Arguments.of("a = 1)", 6, "found ')' without a matching '('"),
                Arguments.of("()", 2, "expected a field name, found ')'"),
                Arguments.of("a IN ()", 7, "expected a value in the IN list"),
                Arguments.of("a IN 1", 6, "expected '(' after IN"),
                Arguments.of("a IN (1,)", 9, "expected a value after ','"),
                Arguments.of("a IN (1 2)", 9, "expected ',' or ')' in the IN list opened at column 6"),
                Arguments.of("a IN (1", 8, "expected ',' or ')'"),
                Arguments.of("a NOT = 1", 7, "expected IN or LIKE after NOT, found '='"),
                Arguments.of("a LIKE 5", 8, "expected a quoted pattern after LIKE"),
                Arguments.of("a IS 1", 6, "expected NULL or NOT NULL after IS"),
                Arguments.of("a IS NOT 1", 10, "expected NULL after IS NOT"),
                Arguments.of("a = 'open", 10, "expected a closing ' for the string opened at column 5"),
                Arguments.of("a = \"open", 10, "expected a closing \" for the string opened at column 5"),
                Arguments.of("a = 'x\\q'", 7, "unknown escape '\\q'"),
                Arguments.of("a = 'x\\", 8, "expected a character after the backslash"),
                Arguments.of("a = 1.", 7, "expected a digit after the decimal point"),
                Arguments.of("a = 12abc", 7, "expected a space or an operator after the number 12"),
                Arguments.of("a = 1; DROP TABLE x", 6, "unexpected character ';'"),
                Arguments.of("a ! 1", 3, "expected '!='"),
                Arguments.of("a == 1", 4, "expected a value after '='"),
                Arguments.of("Owner. = 1", 7, "expected a field name after '.'"),
                Arguments.of("Owner..Name = 1", 7, "expected a field name after '.'"),
                Arguments.of("and = 1", 1, "expected a field name, found 'and'"),
                Arguments.of("s = 'it''s'", 9, "expected AND, OR or the end of the filter, found the string"),
                Arguments.of("a = 1 AND NOT", 14, "expected a field name"),
                Arguments.of("a = `x`", 5, "unexpected character '`'"),
                Arguments.of("a = #1", 5, "unexpected character '#'"),
                Arguments.of("a = 'x' -- comment", 9, "unexpected character '-'"),
                Arguments.of("a = 1 /* c */", 7, "unexpected character '/'"));
    }

    @ParameterizedTest
    @MethodSource("malformedFilters")
    void shouldReportTheColumnAndWhatWasExpected(String text, int column, String expected) {
        // when
        FilterSyntaxException error = catchThrowableOfType(() -> FilterParser.parse(text),
                FilterSyntaxException.class);

        // then
        assertThat(error).as(text).isNotNull();
        assertThat(error.column()).as(text + " -> " + error.getMessage()).isEqualTo(column);
        assertThat(error.getMessage()).startsWith("at column " + column + ": ").contains(expected);
    }

    @Test
    void shouldRefuseFiltersBeyondTheLimits() {
        // given
        String tooLong = "a = '" + "x".repeat(FilterParser.MAX_LENGTH) + "'";
        String tooDeep = "(".repeat(FilterParser.MAX_DEPTH + 1) + "a = 1" + ")".repeat(FilterParser.MAX_DEPTH + 1);
        String tooManyValues = "a IN (" + Stream.generate(() -> "1").limit(FilterParser.MAX_LIST_SIZE + 1)
                .collect(Collectors.joining(",")) + ")";
        String tooManyConditions = Stream.generate(() -> "a=1").limit(FilterParser.MAX_CONDITIONS + 1)
                .collect(Collectors.joining(" OR "));

        // when / then
        assertThat(errorOf(tooLong)).isEqualTo("at column 4001: expected the end: a filter has at most 4000 "
                + "characters");
        assertThat(errorOf(tooDeep)).isEqualTo("at column 21: expected a simpler filter: at most 20 levels of "
                + "parentheses and NOT");
        assertThat(errorOf(tooManyValues)).startsWith("at column 1007: expected ')': an IN list has at most 500");
        assertThat(errorOf(tooManyConditions)).contains("a filter has at most 200 conditions");
        assertThat(show(FilterParser.parse("(".repeat(FilterParser.MAX_DEPTH) + "a = 1"
                + ")".repeat(FilterParser.MAX_DEPTH)))).isEqualTo("a = 1");
    }

    private static String errorOf(String text) {
        return catchThrowableOfType(() -> FilterParser.parse(text), FilterSyntaxException.class).getMessage();
    }

    /** A compact form of a tree: strings in single quotes, decimals with a trailing m. */
    static String show(FilterNode node) {
        if (node instanceof FilterNode.And and) {
            return "AND" + and.operands().stream().map(FilterParserTest::show).toList();
        }
        if (node instanceof FilterNode.Or or) {
            return "OR" + or.operands().stream().map(FilterParserTest::show).toList();
        }
        if (node instanceof FilterNode.Not not) {
            return "NOT[" + show(not.operand()) + "]";
        }
        if (node instanceof FilterNode.Comparison c) {
            return c.field() + " " + c.operator().symbol() + " " + show(c.value());
        }
        if (node instanceof FilterNode.In in) {
            return in.field() + (in.negated() ? " NOT IN " : " IN ")
                    + in.values().stream().map(FilterParserTest::show).toList();
        }
        if (node instanceof FilterNode.Like like) {
            return like.field() + (like.negated() ? " NOT LIKE '" : " LIKE '") + like.pattern() + "'";
        }
        FilterNode.NullCheck n = (FilterNode.NullCheck) node;
        return n.field() + (n.negated() ? " IS NOT NULL" : " IS NULL");
    }

    private static String show(FilterValue value) {
        if (value instanceof FilterValue.Text t) {
            return "'" + t.value() + "'";
        }
        if (value instanceof FilterValue.Integer i) {
            return Long.toString(i.value());
        }
        if (value instanceof FilterValue.Decimal d) {
            return d.value().toPlainString() + "m";
        }
        return Boolean.toString(((FilterValue.Bool) value).value());
    }
}
