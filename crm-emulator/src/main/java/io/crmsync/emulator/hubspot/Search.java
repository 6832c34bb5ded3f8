package io.crmsync.emulator.hubspot;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * The body of {@code POST …/search}: filter groups (OR of AND-ed filters) checked against the limits HubSpot has
 * enforced since 2024-08 (5 groups, 10 filters per group, 25 in all), one sort, a page of at most 200 from a
 * numeric offset that may not reach 10,000.
 */
final class Search {
    static final int MAX_GROUPS = 5;
    static final int MAX_PER_GROUP = 10;
    static final int MAX_FILTERS = 25;
    static final int MAX_LIMIT = 200;
    static final int MAX_RESULTS = 10_000;
    private static final Set<String> OPERATORS = Set.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "BETWEEN", "IN",
            "NOT_IN", "HAS_PROPERTY", "NOT_HAS_PROPERTY", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN");

    final Predicate<ObjectStore.Snapshot> filter;
    final Comparator<ObjectStore.Snapshot> order;
    final int limit;
    final int offset;
    final List<String> properties;

    private Search(Predicate<ObjectStore.Snapshot> filter, Comparator<ObjectStore.Snapshot> order, int limit,
            int offset, List<String> properties) {
        this.filter = filter;
        this.order = order;
        this.limit = limit;
        this.offset = offset;
        this.properties = properties;
    }

    static Search parse(ObjectSchema schema, JsonNode body) {
        JsonNode groups = body.path("filterGroups");
        if (groups.size() > MAX_GROUPS) {
            throw HubSpotException.validation("There was a problem with the request. filterGroups: Maximum number of "
                    + "filterGroups allowed is " + MAX_GROUPS + ", but " + groups.size() + " were provided.");
        }
        int total = 0;
        List<Predicate<ObjectStore.Snapshot>> any = new ArrayList<>();
        for (JsonNode group : groups) {
            JsonNode filters = group.path("filters");
            if (filters.size() > MAX_PER_GROUP) {
                throw HubSpotException.validation("There was a problem with the request. filters: Maximum number of "
                        + "filters allowed in a filterGroup is " + MAX_PER_GROUP + ", but " + filters.size()
                        + " were provided.");
            }
            total += filters.size();
            Predicate<ObjectStore.Snapshot> all = r -> true;
            for (JsonNode f : filters) {
                all = all.and(filter(schema, f));
            }
            any.add(all);
        }
        if (total > MAX_FILTERS) {
            throw HubSpotException.validation("There was a problem with the request. Maximum number of filters "
                    + "allowed across all filterGroups is " + MAX_FILTERS + ", but " + total + " were provided.");
        }
        Predicate<ObjectStore.Snapshot> match = any.isEmpty() ? r -> true : any.stream().reduce(r -> false,
                Predicate::or);
        int limit = body.path("limit").asInt(10);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw HubSpotException.validation("There was a problem with the request. limit: must be between 1 and "
                    + MAX_LIMIT);
        }
        int offset;
        try {
            offset = body.hasNonNull("after") ? Integer.parseInt(body.get("after").asText().trim()) : 0;
        } catch (NumberFormatException e) {
            throw HubSpotException.validation("There was a problem with the request. after: not a valid offset");
        }
        if (offset >= MAX_RESULTS) {
            throw HubSpotException.validation("There was a problem with the request. Search results are limited to "
                    + MAX_RESULTS + "; paging at offset " + offset + " is not allowed.");
        }
        List<String> props = new ArrayList<>();
        body.path("properties").forEach(p -> props.add(p.asText()));
        return new Search(match, order(schema, body.path("sorts")), limit, Math.max(0, offset), props);
    }

    /** The first sort only (HubSpot applies one sort rule); ties, and no sort at all, go by record id. */
    private static Comparator<ObjectStore.Snapshot> order(ObjectSchema schema, JsonNode sorts) {
        Comparator<ObjectStore.Snapshot> byId = Comparator.comparingLong(ObjectStore.Snapshot::id);
        if (sorts.isEmpty()) {
            return byId;
        }
        JsonNode s = sorts.get(0);
        String name = s.isTextual() ? s.asText().replaceFirst("^-", "") : s.path("propertyName").asText();
        boolean descending = s.isTextual() ? s.asText().startsWith("-")
                : s.path("direction").asText("ASCENDING").equals("DESCENDING");
        PropertyDef p = schema.property(name);
        if (p == null) {
            return byId;
        }
        Comparator<ObjectStore.Snapshot> by = (a, b) -> {
            String x = a.properties().get(name);
            String y = b.properties().get(name);
            if (x == null || y == null) {
                return x == null ? (y == null ? 0 : 1) : -1; // no value sorts last
            }
            return Values.compare(p, x, y);
        };
        return (descending ? by.reversed() : by).thenComparing(byId);
    }

    private static Predicate<ObjectStore.Snapshot> filter(ObjectSchema schema, JsonNode f) {
        String name = f.path("propertyName").asText();
        String op = f.path("operator").asText();
        if (!OPERATORS.contains(op)) {
            throw HubSpotException.validation("There was a problem with the request. operator: " + op
                    + " is not a valid operator");
        }
        PropertyDef p = schema.property(name);
        if (p == null) {
            // An unknown property has no value on any record.
            return r -> op.equals("NOT_HAS_PROPERTY") || op.equals("NEQ") || op.equals("NOT_IN");
        }
        String value = f.path("value").asText(null);
        List<String> values = new ArrayList<>();
        f.path("values").forEach(v -> values.add(v.asText()));
        String high = f.path("highValue").asText(null);
        if (Set.of("EQ", "NEQ", "LT", "LTE", "GT", "GTE", "CONTAINS_TOKEN", "NOT_CONTAINS_TOKEN").contains(op)
                && value == null || op.equals("BETWEEN") && (value == null || high == null)
                || (op.equals("IN") || op.equals("NOT_IN")) && values.isEmpty()) {
            throw HubSpotException.validation("There was a problem with the request. Filter on " + name + " with "
                    + "operator " + op + " is missing its value");
        }
        return r -> {
            String v = r.properties().get(name);
            return switch (op) {
                case "HAS_PROPERTY" -> v != null;
                case "NOT_HAS_PROPERTY" -> v == null;
                case "NEQ" -> v == null || Values.compare(p, v, value) != 0;
                case "NOT_IN" -> v == null || values.stream().noneMatch(x -> Values.compare(p, v, x) == 0);
                case "NOT_CONTAINS_TOKEN" -> v == null || !token(value).matcher(v).find();
                default -> v != null && test(p, op, v, value, high, values);
            };
        };
    }

    private static boolean test(PropertyDef p, String op, String v, String value, String high, List<String> values) {
        return switch (op) {
            case "EQ" -> Values.compare(p, v, value) == 0;
            case "LT" -> Values.compare(p, v, value) < 0;
            case "LTE" -> Values.compare(p, v, value) <= 0;
            case "GT" -> Values.compare(p, v, value) > 0;
            case "GTE" -> Values.compare(p, v, value) >= 0;
            case "BETWEEN" -> Values.compare(p, v, value) >= 0 && Values.compare(p, v, high) <= 0;
            case "IN" -> values.stream().anyMatch(x -> Values.compare(p, v, x) == 0);
            case "CONTAINS_TOKEN" -> token(value).matcher(v).find();
            default -> false;
        };
    }

    /** A whole word of the value, {@code *} matching any characters inside the token. */
    private static Pattern token(String value) {
        String regex = Pattern.quote(value.toLowerCase(Locale.ROOT)).replace("*", "\\E\\S*\\Q");
        return Pattern.compile("(^|[\\s@.,;:_\\-])" + regex + "($|[\\s@.,;:_\\-])", Pattern.CASE_INSENSITIVE);
    }
}
