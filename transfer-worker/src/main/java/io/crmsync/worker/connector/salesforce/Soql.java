package io.crmsync.worker.connector.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.Filters;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfField;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfObject;

/**
 * Builds SOQL. SOQL has no bind parameters, so every value is rendered as a literal of its field's describe type:
 * numbers, dates and booleans are parsed before they are written, text is quoted with SOQL's backslash escapes,
 * and only names the describe answer lists reach the query.
 */
final class Soql {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private Soql() {
    }

    /**
     * The query of a read: window, resume position and filter as conditions, ordered by cursor then key, which is
     * the order positions compare in.
     */
    static String query(SfObject object, ReadRequest request) {
        return query(object, request, List.of());
    }

    /**
     * The query of the records deleted within a read's window, for {@code queryAll}: deleting a record stamps its
     * modification fields, so the window and position apply to the deletion time.
     */
    static String deletedQuery(SfObject object, ReadRequest request) {
        return query(object, request, List.of("IsDeleted = true"));
    }

    private static String query(SfObject object, ReadRequest request, List<String> extra) {
        if (request.range() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce reads cannot be split into key ranges");
        }
        List<String> order = new ArrayList<>();
        List<String> conditions = new ArrayList<>(extra);
        SfField cursor = null;
        if (request.hasCursor()) {
            cursor = require(object, request.cursorField());
            if (!cursor.temporal()) {
                throw new ConnectorException(Reason.CONFIGURATION, "salesforce field " + object.name() + "."
                        + cursor.name() + " is of type " + cursor.type() + "; a cursor must be a date or datetime");
            }
            order.add(cursor.name());
            if (request.windowStart() != null) {
                conditions.add(cursor.name() + " >= " + instant(cursor, request.windowStart()));
            }
            if (request.windowEnd() != null) {
                conditions.add(cursor.name() + " < " + instant(cursor, request.windowEnd()));
            }
        }
        List<SfField> keys = request.keyFields().stream().map(k -> require(object, k)).toList();
        keys.forEach(k -> order.add(k.name()));
        if (request.after() != null) {
            conditions.add(after(cursor, keys, request.after()));
        }
        if (request.filter() != null) {
            conditions.add(filter(object, request.filter()));
        }
        String fields = request.fields().stream().map(f -> require(object, f).name())
                .collect(Collectors.joining(", "));
        return "SELECT " + fields + " FROM " + object.name()
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + (order.isEmpty() ? "" : " ORDER BY " + String.join(", ", order));
    }

    /** Records strictly after the position in (cursor, keys) order; SOQL sorts null cursors first. */
    private static String after(SfField cursor, List<SfField> keys, Position after) {
        if (!after.isComplete() || after.key().size() != keys.size()) {
            throw new ConnectorException(Reason.CONFIGURATION, "a salesforce read cannot resume after a position "
                    + "without a value for every key field");
        }
        String keyAfter = keysAfter(keys, after.key(), 0);
        if (cursor == null) {
            return keyAfter;
        }
        if (after.modifiedTime() == null) {
            return "((" + cursor.name() + " = null AND " + keyAfter + ") OR " + cursor.name() + " != null)";
        }
        String t = instant(cursor, after.modifiedTime());
        return "(" + cursor.name() + " > " + t + " OR (" + cursor.name() + " = " + t + " AND " + keyAfter + "))";
    }

    private static String keysAfter(List<SfField> keys, List<String> values, int from) {
        SfField key = keys.get(from);
        String greater = key.name() + " > " + literal(key, values.get(from));
        if (from == keys.size() - 1) {
            return greater;
        }
        return "(" + greater + " OR (" + key.name() + " = " + literal(key, values.get(from)) + " AND "
                + keysAfter(keys, values, from + 1) + "))";
    }

    /** An instant as a literal of a date or datetime field: a datetime in UTC, a date as its UTC day. */
    static String instant(SfField field, Instant instant) {
        if (field.type().equals("date")) {
            return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
        }
        return (instant.getNano() == 0 ? SECONDS : MILLIS).format(instant);
    }

    /**
     * Text as a literal of the field's type.
     *
     * @throws IllegalArgumentException when the text is not a value of that type
     */
    static String literal(SfField field, String text) {
        return switch (field.type()) {
            case "datetime" -> instant(field, SalesforceValues.dateTime(text).toInstant());
            case "date" -> LocalDate.parse(text).toString();
            case "double", "currency", "percent", "int", "long" -> new BigDecimal(text.trim()).toPlainString();
            case "boolean" -> switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "true", "false" -> text.trim().toLowerCase(java.util.Locale.ROOT);
                default -> throw new IllegalArgumentException("not a boolean: " + text);
            };
            default -> quote(text);
        };
    }

    /** A SOQL string literal: quotes, backslashes and control characters escaped with backslashes. */
    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('\'');
        for (int i = 0; i < text.length(); i++) {
            escape(text.charAt(i), out);
        }
        return out.append('\'').toString();
    }

    /**
     * A LIKE pattern as a literal. In the worker's patterns, as in SOQL, a backslash escapes the next character;
     * {@code \%} and {@code \_} stay SOQL escapes, any other escaped character is written as itself.
     */
    static String likePattern(String pattern) {
        StringBuilder out = new StringBuilder(pattern.length() + 2).append('\'');
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\\' && i + 1 < pattern.length()) {
                char escaped = pattern.charAt(++i);
                if (escaped == '%' || escaped == '_') {
                    out.append('\\').append(escaped);
                } else {
                    escape(escaped, out);
                }
            } else {
                escape(c, out);
            }
        }
        return out.append('\'').toString();
    }

    private static void escape(char c, StringBuilder out) {
        switch (c) {
            case '\\' -> out.append("\\\\");
            case '\'' -> out.append("\\'");
            case '"' -> out.append("\\\"");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            case '\b' -> out.append("\\b");
            case '\f' -> out.append("\\f");
            default -> out.append(c);
        }
    }

    /** Every problem of a filter against the object, each naming its field; empty when it can run. */
    static List<String> filterProblems(SfObject object, FilterExpression filter) {
        List<String> problems = new ArrayList<>();
        Filters.forEachCondition(filter, condition -> {
            String name = Filters.field(condition);
            SfField field = object.field(name);
            if (field == null) {
                problems.add("field " + name + ": " + object.name() + " has no such field");
                return;
            }
            if (condition.getNodeCase() == FilterExpression.NodeCase.LIKE) {
                if (!isText(field)) {
                    problems.add("field " + name + ": LIKE needs a text field, not " + field.type());
                }
                return;
            }
            for (FilterValue value : Filters.values(condition)) {
                try {
                    literal(field, Filters.text(value));
                } catch (IllegalArgumentException | DateTimeParseException e) {
                    problems.add("field " + name + ": '" + Filters.text(value) + "' is not a " + field.type());
                }
            }
        });
        return problems;
    }

    /** The filter as a SOQL condition; {@link #filterProblems} has found nothing wrong with it. */
    static String filter(SfObject object, FilterExpression node) {
        return switch (node.getNodeCase()) {
            case ALL_OF -> junction(object, node.getAllOf().getOperandsList(), " AND ");
            case ANY_OF -> junction(object, node.getAnyOf().getOperandsList(), " OR ");
            case NEGATION -> "(NOT " + filter(object, node.getNegation()) + ")";
            case COMPARISON -> require(object, node.getComparison().getField()).name() + " "
                    + Filters.operator(node.getComparison().getOperator()) + " "
                    + value(object, node.getComparison().getField(), node.getComparison().getValue());
            case IN_LIST -> require(object, node.getInList().getField()).name()
                    + (node.getInList().getNegated() ? " NOT IN (" : " IN (")
                    + node.getInList().getValuesList().stream().map(v -> value(object, node.getInList().getField(), v))
                            .collect(Collectors.joining(", ")) + ")";
            case LIKE -> (node.getLike().getNegated() ? "(NOT " : "(") + require(object, node.getLike().getField())
                    .name() + " LIKE " + likePattern(node.getLike().getPattern()) + ")";
            case NULL_CHECK -> require(object, node.getNullCheck().getField()).name()
                    + (node.getNullCheck().getNegated() ? " != null" : " = null");
            case NODE_NOT_SET -> throw Filters.emptyNode();
        };
    }

    private static String junction(SfObject object, List<FilterExpression> operands, String joiner) {
        return operands.stream().map(o -> filter(object, o)).collect(Collectors.joining(joiner, "(", ")"));
    }

    private static String value(SfObject object, String field, FilterValue value) {
        try {
            return literal(require(object, field), Filters.text(value));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new ConnectorException(Reason.CONFIGURATION, "filter on field " + field + ": '"
                    + Filters.text(value) + "' is not a " + require(object, field).type());
        }
    }


    private static boolean isText(SfField field) {
        return switch (field.type()) {
            case "string", "textarea", "email", "phone", "url", "picklist", "multipicklist", "combobox", "id",
                    "reference" -> true;
            default -> false;
        };
    }

    static SfField require(SfObject object, String name) {
        SfField field = object.field(name);
        if (field == null) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce object " + object.name()
                    + " has no field " + name);
        }
        return field;
    }
}
