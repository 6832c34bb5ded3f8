package io.crmsync.worker.connector.csv;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes values as RFC 4180 fields, the way {@link CsvParser} reads them back: null is an empty field, the empty
 * string is {@code ""}, a field holding the delimiter, a quote or a line break is quoted with quotes doubled. Dates
 * are ISO-8601; a list is its items joined with {@code ;} (an item holding {@code ;} cannot be told apart).
 */
final class CsvFormat {

    static final String LINE_BREAK = "\r\n";
    static final String LIST_SEPARATOR = ";";

    private CsvFormat() {
    }

    /** One record: the fields, delimited, ending with a line break. */
    static String record(List<String> texts, char delimiter) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            line.append(field(texts.get(i), delimiter));
        }
        return line.append(LINE_BREAK).toString();
    }

    /** A value's text, or null for no value. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof List<?> items) {
            return items.stream().map(item -> item == null ? "" : text(item))
                    .collect(Collectors.joining(LIST_SEPARATOR));
        }
        if (value instanceof OffsetDateTime t) {
            return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t);
        }
        if (value instanceof LocalDateTime t) {
            return DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(t);
        }
        if (value instanceof LocalDate d) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(d);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    private static String field(String text, char delimiter) {
        if (text == null) {
            return "";
        }
        if (text.isEmpty()) {
            return "\"\"";
        }
        if (text.indexOf(delimiter) < 0 && text.indexOf('"') < 0 && text.indexOf('\r') < 0
                && text.indexOf('\n') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
