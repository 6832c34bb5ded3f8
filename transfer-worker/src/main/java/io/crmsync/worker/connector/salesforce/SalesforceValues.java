package io.crmsync.worker.connector.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.salesforce.SalesforceJson.SfField;

/** Converts between Salesforce's JSON values and the worker's record values, by the field's describe type. */
final class SalesforceValues {

    /** Salesforce writes {@code 2013-05-07T22:07:19.000+0000}; ISO forms with {@code Z} or {@code +00:00} also parse. */
    private static final DateTimeFormatter DATETIME = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME).optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
            .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd().toFormatter();

    private SalesforceValues() {
    }

    /** A query answer's value as a record value; unknown types stay text. */
    static Object read(SfField field, JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        return switch (field == null ? "" : field.type()) {
            case "datetime" -> dateTime(node.asText());
            case "date" -> LocalDate.parse(node.asText());
            case "double", "currency", "percent" -> node.isNumber() ? node.decimalValue() : new BigDecimal(node.asText());
            case "int", "long" -> node.asLong();
            case "boolean" -> node.asBoolean();
            default -> node.isValueNode() ? node.asText() : node.toString();
        };
    }

    static OffsetDateTime dateTime(String text) {
        return OffsetDateTime.parse(text, DATETIME).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** A value as position text, the form {@link Soql#literal} reads back. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        return value.toString();
    }

    /** An instant as a replication-endpoint parameter: ISO-8601 UTC, URL-encoded (the {@code :} of the time). */
    static String replicationDate(Instant instant) {
        return java.net.URLEncoder.encode(instant.toString(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The instant a cursor value stands for; a date is its midnight UTC. */
    static Instant instant(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time.toInstant();
        }
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(ZoneOffset.UTC).toInstant();
        }
        return null;
    }
}
