package io.crmsync.worker.connector.dynamics;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.Filters;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvColumn;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvTable;

/**
 * Builds the OData query of a read. $filter has no parameters, so every value is rendered as a literal of its
 * column's attribute type: numbers, GUIDs, dates and booleans are parsed before they are written, text is quoted
 * with OData's {@code ''} escape, and only names the table's metadata lists reach the query. LIKE becomes
 * startswith/endswith/contains; a pattern those cannot express is refused, never approximated.
 */
final class ODataQuery {

    private ODataQuery() {
    }

    /**
     * The first URL of a read, below the host: {@code $select} of the fields, window, resume position and filter in
     * {@code $filter}, ordered by cursor then key, which is the order positions compare in.
     */
    static String path(DynamicsSettings settings, DvTable table, ReadRequest request) {
        if (request.range() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "dynamics reads cannot be split into key ranges");
        }
        List<String> order = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        DvColumn cursor = null;
        if (request.hasCursor()) {
            cursor = require(table, request.cursorField());
            if (!cursor.temporal()) {
                throw new ConnectorException(Reason.CONFIGURATION, "dynamics column " + table.logicalName() + "."
                        + cursor.name() + " is of type " + cursor.type() + "; a cursor must be a DateTime column");
            }
            order.add(cursor.name() + " asc");
            if (request.windowStart() != null) {
                conditions.add(cursor.name() + " ge " + instant(cursor, request.windowStart()));
            }
            if (request.windowEnd() != null) {
                conditions.add(cursor.name() + " lt " + instant(cursor, request.windowEnd()));
            } else {
                conditions.add(cursor.name() + " ne null");
            }
        }
        List<DvColumn> keys = request.keyFields().stream().map(k -> require(table, k)).toList();
        keys.forEach(k -> order.add(k.name() + " asc"));
        if (request.after() != null) {
            conditions.add(after(cursor, keys, request.after()));
        }
        if (request.filter() != null) {
            conditions.add(filter(table, request.filter()));
        }
        List<String> select = new ArrayList<>();
        request.fields().forEach(f -> select.add(require(table, f).name()));
        StringBuilder path = new StringBuilder(settings.servicePath()).append('/').append(table.entitySet())
                .append("?$select=").append(encode(String.join(",", select)));
        if (!conditions.isEmpty()) {
            path.append("&$filter=").append(encode(String.join(" and ", conditions)));
        }
        if (!order.isEmpty()) {
            path.append("&$orderby=").append(encode(String.join(",", order)));
        }
        return path.toString();
    }

    /** Records strictly after the position in (cursor, keys) order; null cursors sort first, as in SQL Server. */
    private static String after(DvColumn cursor, List<DvColumn> keys, Position after) {
        if (!after.isComplete() || after.key().size() != keys.size() || keys.isEmpty()) {
            throw new ConnectorException(Reason.CONFIGURATION, "a dynamics read cannot resume after a position "
                    + "without a value for every key field");
        }
        String keyAfter = keysAfter(keys, after.key(), 0);
        if (cursor == null) {
            return keyAfter;
        }
        if (after.modifiedTime() == null) {
            return "((" + cursor.name() + " eq null and " + keyAfter + ") or " + cursor.name() + " ne null)";
        }
        String t = instant(cursor, after.modifiedTime());
        return "(" + cursor.name() + " gt " + t + " or (" + cursor.name() + " eq " + t + " and " + keyAfter + "))";
    }

    private static String keysAfter(List<DvColumn> keys, List<String> values, int from) {
        DvColumn key = keys.get(from);
        String greater = key.name() + " gt " + literal(key, values.get(from));
        if (from == keys.size() - 1) {
            return greater;
        }
        return "(" + greater + " or (" + key.name() + " eq " + literal(key, values.get(from)) + " and "
                + keysAfter(keys, values, from + 1) + "))";
    }

    static String instant(DvColumn column, Instant instant) {
        return column.dateOnly() ? LocalDate.ofInstant(instant, ZoneOffset.UTC).toString()
                : DynamicsValues.utc(instant);
    }

    /**
     * Text as an OData literal of the column's type.
     *
     * @throws IllegalArgumentException when the text is not a value of that type
     */
    static String literal(DvColumn column, String text) {
        return switch (column.type()) {
            case "DateTime" -> column.dateOnly() && text.trim().length() == 10 ? LocalDate.parse(text.trim()).toString()
                    : instant(column, OffsetDateTime.parse(text.trim()).toInstant());
            case "Integer", "BigInt", "Picklist", "State", "Status" -> Long.toString(new BigDecimal(text.trim())
                    .longValueExact());
            case "Money", "Decimal", "Double" -> new BigDecimal(text.trim()).toPlainString();
            case "Boolean" -> switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "false" -> text.trim().toLowerCase(Locale.ROOT);
                default -> throw new IllegalArgumentException("not a boolean: " + text);
            };
            case "Uniqueidentifier", "Lookup", "Owner", "Customer" -> {
                if (!DynamicsValues.GUID.matcher(text.trim()).matches()) {
                    throw new IllegalArgumentException("not a GUID: " + text);
                }
                yield text.trim().toLowerCase(Locale.ROOT);
            }
            default -> quote(text);
        };
    }

    /** An OData string literal: single quotes doubled. */
    static String quote(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /** Every problem of a filter against the table, each naming its column; empty when it can run. */
    static List<String> filterProblems(DvTable table, FilterExpression filter) {
        List<String> problems = new ArrayList<>();
        Filters.forEachCondition(filter, condition -> {
            String name = Filters.field(condition);
            DvColumn column = table.column(name);
            if (column == null) {
                problems.add("field " + name + ": " + table.logicalName() + " has no such column");
                return;
            }
            if (condition.getNodeCase() == FilterExpression.NodeCase.LIKE) {
                if (!isText(column)) {
                    problems.add("field " + name + ": LIKE needs a text column, not " + column.type());
                } else if (like(column.name(), condition.getLike().getPattern()) == null) {
                    problems.add("field " + name + ": $filter matches text only with startswith, endswith and "
                            + "contains, so the pattern '" + condition.getLike().getPattern() + "' may have % only "
                            + "at its start and/or end, and no _");
                }
                return;
            }
            for (FilterValue value : Filters.values(condition)) {
                try {
                    literal(column, Filters.text(value));
                } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
                    problems.add("field " + name + ": '" + Filters.text(value) + "' is not a " + column.type());
                }
            }
        });
        return problems;
    }

    /** The filter as a $filter expression; {@link #filterProblems} has found nothing wrong with it. */
    static String filter(DvTable table, FilterExpression node) {
        return switch (node.getNodeCase()) {
            case ALL_OF -> junction(table, node.getAllOf().getOperandsList(), " and ");
            case ANY_OF -> junction(table, node.getAnyOf().getOperandsList(), " or ");
            case NEGATION -> "(not " + filter(table, node.getNegation()) + ")";
            case COMPARISON -> require(table, node.getComparison().getField()).name() + " "
                    + operator(node.getComparison().getOperator()) + " "
                    + value(table, node.getComparison().getField(), node.getComparison().getValue());
            case IN_LIST -> inList(table, node.getInList().getField(), node.getInList().getValuesList(),
                    node.getInList().getNegated());
            case LIKE -> {
                String test = like(require(table, node.getLike().getField()).name(), node.getLike().getPattern());
                if (test == null) {
                    throw new ConnectorException(Reason.CONFIGURATION, "filter on field " + node.getLike().getField()
                            + ": $filter cannot express the LIKE pattern '" + node.getLike().getPattern() + "'");
                }
                yield node.getLike().getNegated() ? "(not " + test + ")" : test;
            }
            case NULL_CHECK -> require(table, node.getNullCheck().getField()).name()
                    + (node.getNullCheck().getNegated() ? " ne null" : " eq null");
            case NODE_NOT_SET -> throw Filters.emptyNode();
        };
    }

    /** IN as eq joined by or; NOT IN as ne joined by and, which also leaves out nulls as SQL's NOT IN does. */
    private static String inList(DvTable table, String field, List<FilterValue> values, boolean negated) {
        String name = require(table, field).name();
        return values.stream().map(v -> name + (negated ? " ne " : " eq ") + value(table, field, v))
                .collect(Collectors.joining(negated ? " and " : " or ", "(", ")"));
    }

    /**
     * A LIKE pattern as startswith/endswith/contains/eq, or null when those cannot express it. A backslash escapes
     * the next character, as in the worker's patterns.
     */
    static String like(String column, String pattern) {
        List<Character> chars = new ArrayList<>();
        List<Boolean> wild = new ArrayList<>();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                chars.add(pattern.charAt(++i));
                wild.add(false);
            } else {
                chars.add(c);
                wild.add(c == '%' || c == '_');
            }
        }
        int from = 0;
        int to = chars.size();
        boolean leading = to > 0 && wild.get(0) && chars.get(0) == '%';
        if (leading) {
            from++;
        }
        boolean trailing = to > from && wild.get(to - 1) && chars.get(to - 1) == '%';
        if (trailing) {
            to--;
        }
        StringBuilder text = new StringBuilder();
        for (int i = from; i < to; i++) {
            if (wild.get(i)) {
                return null;
            }
            text.append(chars.get(i));
        }
        String literal = quote(text.toString());
        if (text.isEmpty()) {
            return leading || trailing ? column + " ne null" : column + " eq ''";
        }
        if (leading && trailing) {
            return "contains(" + column + "," + literal + ")";
        }
        if (leading) {
            return "endswith(" + column + "," + literal + ")";
        }
        return trailing ? "startswith(" + column + "," + literal + ")" : column + " eq " + literal;
    }

    private static String operator(FilterOperator operator) {
        return switch (operator) {
            case FILTER_OPERATOR_EQUAL -> "eq";
            case FILTER_OPERATOR_NOT_EQUAL -> "ne";
            case FILTER_OPERATOR_LESS -> "lt";
            case FILTER_OPERATOR_LESS_OR_EQUAL -> "le";
            case FILTER_OPERATOR_GREATER -> "gt";
            case FILTER_OPERATOR_GREATER_OR_EQUAL -> "ge";
            default -> throw new ConnectorException(Reason.CONFIGURATION,
                    "the filter has a comparison without an operator; save the point again in config-service");
        };
    }

    private static String junction(DvTable table, List<FilterExpression> operands, String joiner) {
        return operands.stream().map(o -> filter(table, o)).collect(Collectors.joining(joiner, "(", ")"));
    }

    private static String value(DvTable table, String field, FilterValue value) {
        try {
            return literal(require(table, field), Filters.text(value));
        } catch (IllegalArgumentException | ArithmeticException | DateTimeParseException e) {
            throw new ConnectorException(Reason.CONFIGURATION, "filter on field " + field + ": '"
                    + Filters.text(value) + "' is not a " + require(table, field).type());
        }
    }

    private static boolean isText(DvColumn column) {
        return switch (column.type()) {
            case "String", "Memo", "EntityName" -> true;
            default -> false;
        };
    }

    static DvColumn require(DvTable table, String name) {
        DvColumn column = table.column(name);
        if (column == null) {
            throw new ConnectorException(Reason.CONFIGURATION, "dynamics table " + table.logicalName()
                    + " has no column " + name);
        }
        return column;
    }

    /** Percent-encodes a query option value; OData's quotes, commas and parentheses stay readable. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%27", "'")
                .replace("%2C", ",").replace("%28", "(").replace("%29", ")");
    }
}
