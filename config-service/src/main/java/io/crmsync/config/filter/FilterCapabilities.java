package io.crmsync.config.filter;

import static io.crmsync.config.filter.FilterFeature.ANY;
import static io.crmsync.config.filter.FilterFeature.DEEP_DOT_PATH;
import static io.crmsync.config.filter.FilterFeature.DOT_PATH;
import static io.crmsync.config.filter.FilterFeature.DOT_PATH_BEYOND_FIVE;
import static io.crmsync.config.filter.FilterFeature.LIKE_ANCHORED;
import static io.crmsync.config.filter.FilterFeature.LIKE_PATTERN;
import static io.crmsync.config.filter.FilterFeature.NESTED_OR;
import static io.crmsync.config.filter.FilterFeature.NOT;
import static io.crmsync.config.filter.FilterFeature.NOT_LIKE;

import java.util.Map;
import java.util.Optional;

import io.crmsync.config.endpoint.EndpointType;

/**
 * What each source connector can express, as one table: the features it refuses (with the reason admins see)
 * and its limits on how conditions are grouped. Facts per CRM_APIS.md: SOQL has every construct and reaches five
 * relationships up; OData $filter matches text with startswith/endswith/contains and reaches a lookup's columns;
 * HubSpot search takes up to 5 filter groups (OR) of AND-ed filters, 10 per group and 25 in all, with no NOT
 * and no pattern matching.
 */
public final class FilterCapabilities {

    /** How one connector family filters. {@code 0} limits mean "no limit". */
    private record Dialect(String name, Map<FilterFeature, String> refused, int maxGroups, int maxPerGroup,
            int maxConditions) {

        static Dialect unlimited(String name, Map<FilterFeature, String> refused) {
            return new Dialect(name, refused, 0, 0, 0);
        }
    }

    private static final Map<EndpointType, Dialect> DIALECTS = Map.of(
            EndpointType.POSTGRESQL, Dialect.unlimited("PostgreSQL", Map.of()),
            EndpointType.MARIADB, Dialect.unlimited("MariaDB", Map.of()),
            EndpointType.SALESFORCE, Dialect.unlimited("Salesforce SOQL", Map.of(
                    DOT_PATH_BEYOND_FIVE, "SOQL follows at most five relationships from the queried object")),
            EndpointType.DYNAMICS, Dialect.unlimited("Dynamics OData $filter", Map.of(
                    LIKE_PATTERN, "$filter matches text only with startswith, endswith and contains, so a pattern "
                            + "may have % only at its start and/or end, and no _",
                    DEEP_DOT_PATH, "$filter reaches only the columns of a directly related (lookup) table")),
            EndpointType.HUBSPOT, new Dialect("HubSpot search", Map.of(
                    NOT, "search filters cannot be negated; use !=, NOT IN or IS NULL instead",
                    NESTED_OR, "search takes an OR of AND-ed filter groups, so OR may only join the top level, "
                            + "e.g. (A = 1 AND B = 2) OR (A = 1 AND C = 3)",
                    LIKE_ANCHORED, "search matches whole tokens, not LIKE patterns",
                    LIKE_PATTERN, "search matches whole tokens, not LIKE patterns",
                    NOT_LIKE, "search matches whole tokens, not LIKE patterns",
                    DOT_PATH, "search filters only the object's own properties"), 5, 10, 25),
            EndpointType.CSV, Dialect.unlimited("CSV", Map.of(
                    ANY, "the csv connector reads whole files and cannot filter them yet")));

    private FilterCapabilities() {
    }

    /** Why a source endpoint of this type cannot run the filter, or empty when it can. */
    public static Optional<String> refusal(EndpointType sourceType, FilterNode filter) {
        Dialect dialect = DIALECTS.get(sourceType);
        FilterShape shape = FilterShape.of(filter);
        for (Map.Entry<FilterFeature, String> used : shape.features().entrySet()) {
            String reason = dialect.refused().get(used.getKey());
            if (reason != null) {
                return Optional.of(dialect.name() + " cannot express " + used.getKey().label() + " (at "
                        + used.getValue() + "): " + reason);
            }
        }
        return limitExceeded(dialect, shape);
    }

    private static Optional<String> limitExceeded(Dialect dialect, FilterShape shape) {
        if (dialect.maxGroups() > 0 && shape.groupSizes().size() > dialect.maxGroups()) {
            return Optional.of(dialect.name() + " takes at most " + dialect.maxGroups()
                    + " OR-ed filter groups; this filter has " + shape.groupSizes().size());
        }
        if (dialect.maxPerGroup() > 0 && shape.largestGroup() > dialect.maxPerGroup()) {
            return Optional.of(dialect.name() + " takes at most " + dialect.maxPerGroup()
                    + " AND-ed conditions per filter group; this filter has " + shape.largestGroup());
        }
        if (dialect.maxConditions() > 0 && shape.conditions() > dialect.maxConditions()) {
            return Optional.of(dialect.name() + " takes at most " + dialect.maxConditions()
                    + " conditions in all; this filter has " + shape.conditions());
        }
        return Optional.empty();
    }
}
