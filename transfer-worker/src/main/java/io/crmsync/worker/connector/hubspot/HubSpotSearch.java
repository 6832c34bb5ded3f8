package io.crmsync.worker.connector.hubspot;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.Filters;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * Renders the worker's filter tree as search filter groups: an OR of AND-ed filters, so OR may only join the top
 * level, and NOT and LIKE have no equivalent (config-service refuses the same when a rule is saved; the worker
 * checks again). A read adds one bound filter to every group (its window start, or where a restarted search
 * resumes), and HubSpot's limits count it: 5 groups, 10 filters per group, 25 in all.
 */
final class HubSpotSearch {

    static final int MAX_GROUPS = 5;
    static final int MAX_PER_GROUP = 10;
    static final int MAX_FILTERS = 25;
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private HubSpotSearch() {
    }

    /** Every reason the filter cannot run as a search of the object, each naming its field; empty when it can. */
    static List<String> problems(Map<String, Property> properties, FilterExpression filter, ZoneId zone) {
        List<String> problems = new ArrayList<>();
        List<List<FilterExpression>> groups;
        try {
            groups = groups(filter);
        } catch (ConnectorException e) {
            return List.of(e.getMessage());
        }
        int total = 0;
        for (List<FilterExpression> group : groups) {
            total += group.size() + 1;
            if (group.size() + 1 > MAX_PER_GROUP) {
                problems.add("HubSpot search takes " + MAX_PER_GROUP + " filters per group and the read adds one bound "
                        + "to each, so a filter group may have at most " + (MAX_PER_GROUP - 1) + " conditions; one "
                        + "has " + group.size());
            }
            for (FilterExpression condition : group) {
                conditionProblems(properties, condition, zone, problems);
            }
        }
        if (groups.size() > MAX_GROUPS) {
            problems.add("HubSpot search takes at most " + MAX_GROUPS + " OR-ed filter groups; this filter has "
                    + groups.size());
        }
        if (total > MAX_FILTERS) {
            problems.add("HubSpot search takes " + MAX_FILTERS + " filters in all and the read adds one bound to each "
                    + "group; this filter needs " + total);
        }
        return problems;
    }

    private static void conditionProblems(Map<String, Property> properties, FilterExpression condition, ZoneId zone,
            List<String> problems) {
        String name = Filters.field(condition);
        Property p = properties.get(name);
        if (condition.getNodeCase() == FilterExpression.NodeCase.LIKE) {
            problems.add("field " + name + ": HubSpot search matches whole tokens, not LIKE patterns");
            return;
        }
        if (p == null) {
            problems.add("field " + name + ": the object has no such property");
            return;
        }
        for (FilterValue v : Filters.values(condition)) {
            try {
                HubSpotValues.filterValue(p, Filters.text(v), zone);
            } catch (IllegalArgumentException e) {
                problems.add("field " + name + ": '" + Filters.text(v) + "' is not a " + p.type());
            }
        }
    }

    /** The filter as OR-ed groups of AND-ed conditions; NOT, OR below AND, and LIKE are refused. */
    static List<List<FilterExpression>> groups(FilterExpression filter) {
        List<List<FilterExpression>> groups = new ArrayList<>();
        if (filter.getNodeCase() == FilterExpression.NodeCase.ANY_OF) {
            for (FilterExpression operand : filter.getAnyOf().getOperandsList()) {
                groups.addAll(groups(operand));
            }
        } else {
            List<FilterExpression> group = new ArrayList<>();
            conjunction(filter, group);
            groups.add(group);
        }
        return groups;
    }

    private static void conjunction(FilterExpression node, List<FilterExpression> out) {
        switch (node.getNodeCase()) {
            case ALL_OF -> node.getAllOf().getOperandsList().forEach(o -> conjunction(o, out));
            case ANY_OF -> throw refused("HubSpot search takes an OR of AND-ed filter groups, so OR may only join the "
                    + "top level, e.g. (A = 1 AND B = 2) OR (A = 1 AND C = 3)");
            case NEGATION -> throw refused("HubSpot search filters cannot be negated; use !=, NOT IN or IS NULL");
            case NODE_NOT_SET -> throw Filters.emptyNode();
            default -> out.add(node);
        }
    }

    /** The search filters of a group of conditions that {@link #problems} accepted. */
    static List<ObjectNode> render(Map<String, Property> properties, List<FilterExpression> group, ZoneId zone) {
        List<ObjectNode> out = new ArrayList<>();
        for (FilterExpression c : group) {
            Property p = properties.get(Filters.field(c));
            ObjectNode f = F.objectNode().put("propertyName", p.name());
            switch (c.getNodeCase()) {
                case COMPARISON -> f.put("operator", switch (c.getComparison().getOperator()) {
                    case FILTER_OPERATOR_EQUAL -> "EQ";
                    case FILTER_OPERATOR_NOT_EQUAL -> "NEQ";
                    case FILTER_OPERATOR_LESS -> "LT";
                    case FILTER_OPERATOR_LESS_OR_EQUAL -> "LTE";
                    case FILTER_OPERATOR_GREATER -> "GT";
                    case FILTER_OPERATOR_GREATER_OR_EQUAL -> "GTE";
                    default -> throw refused("the filter has a comparison without an operator; save the point again");
                }).put("value", value(p, c.getComparison().getValue(), zone));
                case IN_LIST -> {
                    f.put("operator", c.getInList().getNegated() ? "NOT_IN" : "IN");
                    ArrayNode values = f.putArray("values");
                    c.getInList().getValuesList().forEach(v -> values.add(value(p, v, zone)));
                }
                case NULL_CHECK -> f.put("operator", c.getNullCheck().getNegated() ? "HAS_PROPERTY"
                        : "NOT_HAS_PROPERTY");
                default -> throw refused("HubSpot search matches whole tokens, not LIKE patterns");
            }
            out.add(f);
        }
        return out;
    }

    private static String value(Property p, FilterValue v, ZoneId zone) {
        try {
            return HubSpotValues.filterValue(p, Filters.text(v), zone);
        } catch (IllegalArgumentException e) {
            throw refused("filter on " + p.name() + ": '" + Filters.text(v) + "' is not a " + p.type());
        }
    }

    /** One filter: {@code property operator value}. */
    static ObjectNode filter(String property, String operator, String value) {
        return F.objectNode().put("propertyName", property).put("operator", operator).put("value", value);
    }

    /**
     * A search body: each group AND-ed with the bound (when there is one), one sort ascending, the properties,
     * a page of {@code limit} from offset {@code after}.
     */
    static String body(List<List<ObjectNode>> groups, ObjectNode bound, String sortProperty, List<String> properties,
            int limit, int after) {
        ObjectNode body = F.objectNode();
        ArrayNode filterGroups = body.putArray("filterGroups");
        for (List<ObjectNode> group : groups.isEmpty() ? List.<List<ObjectNode>>of(List.of()) : groups) {
            ArrayNode filters = F.arrayNode();
            group.forEach(filters::add);
            if (bound != null) {
                filters.add(bound);
            }
            if (!filters.isEmpty()) {
                filterGroups.addObject().set("filters", filters);
            }
        }
        body.putArray("sorts").addObject().put("propertyName", sortProperty).put("direction", "ASCENDING");
        ArrayNode props = body.putArray("properties");
        properties.forEach(props::add);
        body.put("limit", limit);
        if (after > 0) {
            body.put("after", Integer.toString(after));
        }
        return HubSpotJson.write(body);
    }

    private static ConnectorException refused(String message) {
        return new ConnectorException(Reason.CONFIGURATION, message);
    }
}
