package io.crmsync.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A multi-value field (multi-select picklist, array) moved value by value: the source value is split into its
 * values, each is looked up on its own, and they are joined again for the target.
 *
 * @param sourceDelimiter separates the values in a text source, e.g. {@code ;} for Salesforce multi-select
 *     picklists; a list source (an array) needs none
 * @param targetDelimiter joins the values into text for the target, e.g. {@code ,}; empty writes a list (an
 *     array column)
 */
public record MultiValue(String sourceDelimiter, String targetDelimiter) {

    public static final int MAX_DELIMITER_LENGTH = 5;

    /** The values of a source value: list items as they are, text split at the source delimiter, trimmed. */
    List<Object> split(Object value) {
        List<Object> parts = new ArrayList<>();
        if (value instanceof List<?> list) {
            list.stream().filter(v -> v != null && !v.toString().isBlank()).forEach(parts::add);
            return parts;
        }
        String text = Values.text(value);
        String delimiter = sourceDelimiter == null || sourceDelimiter.isEmpty() ? ";" : sourceDelimiter;
        for (String part : text.split(Pattern.quote(delimiter), -1)) {
            if (!part.isBlank()) {
                parts.add(part.trim());
            }
        }
        return parts;
    }

    /** The values as the target takes them: joined text, or the list itself. */
    Object join(List<Object> values) {
        if (targetDelimiter == null || targetDelimiter.isEmpty()) {
            return List.copyOf(values);
        }
        return String.join(targetDelimiter, values.stream().map(Values::text).toList());
    }
}
