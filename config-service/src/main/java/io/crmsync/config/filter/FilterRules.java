package io.crmsync.config.filter;

import java.util.Locale;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.endpoint.EndpointType;

/** The checks a filter passes when a point is saved: it parses, and the source connector can express it. */
public final class FilterRules {

    private FilterRules() {
    }

    /**
     * The filter's tree, or null when the text is empty (every record is read).
     *
     * @param field how the request names the text, e.g. {@code points[0].filter}
     * @throws CrmsyncException a 400 naming {@code field}, the column and what was expected
     */
    public static FilterNode parse(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return FilterParser.parse(text);
        } catch (FilterSyntaxException e) {
            throw CrmsyncException.invalidField(field, e.getMessage());
        }
    }

    /** Refuses a filter the source endpoint's connector cannot express, saying why. */
    public static void requireExpressible(String field, EndpointType sourceType, FilterNode filter) {
        requireExpressible(field, sourceType, filter, "");
    }

    /** As {@link #requireExpressible(String, EndpointType, FilterNode)}, the message starting with {@code context}. */
    public static void requireExpressible(String field, EndpointType sourceType, FilterNode filter, String context) {
        FilterCapabilities.refusal(sourceType, filter).ifPresent(reason -> {
            throw CrmsyncException.invalidField(field, context + "the source endpoint is "
                    + sourceType.name().toLowerCase(Locale.ROOT) + ": " + reason);
        });
    }
}
