package io.crmsync.config.filter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What a filter uses and how it is grouped, measured once so that every connector's limits are checked the same
 * way.
 *
 * @param features each feature used, with the field where it first appears
 * @param groupSizes the number of conditions in each top-level OR branch (one branch when the root is no OR)
 */
record FilterShape(Map<FilterFeature, String> features, List<Integer> groupSizes) {

    static FilterShape of(FilterNode root) {
        Map<FilterFeature, String> features = new EnumMap<>(FilterFeature.class);
        List<FilterNode> groups = root instanceof FilterNode.Or or ? or.operands() : List.of(root);
        List<Integer> sizes = new ArrayList<>();
        for (FilterNode group : groups) {
            sizes.add(walk(group, false, features));
        }
        features.putIfAbsent(FilterFeature.ANY, firstField(root));
        return new FilterShape(features, sizes);
    }

    int conditions() {
        return groupSizes.stream().mapToInt(Integer::intValue).sum();
    }

    int largestGroup() {
        return groupSizes.stream().mapToInt(Integer::intValue).max().orElse(0);
    }

    /** Records the features below {@code node} and returns its number of conditions. */
    private static int walk(FilterNode node, boolean nested, Map<FilterFeature, String> features) {
        if (node instanceof FilterNode.And and) {
            return and.operands().stream().mapToInt(n -> walk(n, true, features)).sum();
        }
        if (node instanceof FilterNode.Or or) {
            if (nested) {
                features.putIfAbsent(FilterFeature.NESTED_OR, firstField(or));
            }
            return or.operands().stream().mapToInt(n -> walk(n, true, features)).sum();
        }
        if (node instanceof FilterNode.Not not) {
            features.putIfAbsent(FilterFeature.NOT, firstField(not));
            return walk(not.operand(), true, features);
        }
        String field = firstField(node);
        path(field, features);
        if (node instanceof FilterNode.In in && in.negated()) {
            features.putIfAbsent(FilterFeature.NOT_IN, field);
        } else if (node instanceof FilterNode.Like like) {
            features.putIfAbsent(LikePatterns.isAnchored(like.pattern()) ? FilterFeature.LIKE_ANCHORED
                    : FilterFeature.LIKE_PATTERN, field);
            if (like.negated()) {
                features.putIfAbsent(FilterFeature.NOT_LIKE, field);
            }
        }
        return 1;
    }

    private static void path(String field, Map<FilterFeature, String> features) {
        int relations = (int) field.chars().filter(c -> c == '.').count();
        if (relations >= 1) {
            features.putIfAbsent(FilterFeature.DOT_PATH, field);
        }
        if (relations >= 2) {
            features.putIfAbsent(FilterFeature.DEEP_DOT_PATH, field);
        }
        if (relations > 5) {
            features.putIfAbsent(FilterFeature.DOT_PATH_BEYOND_FIVE, field);
        }
    }

    /** The first field named below a node, to point admins at the offending part. */
    static String firstField(FilterNode node) {
        if (node instanceof FilterNode.And and) {
            return firstField(and.operands().get(0));
        }
        if (node instanceof FilterNode.Or or) {
            return firstField(or.operands().get(0));
        }
        if (node instanceof FilterNode.Not not) {
            return firstField(not.operand());
        }
        if (node instanceof FilterNode.Comparison c) {
            return c.field();
        }
        if (node instanceof FilterNode.In in) {
            return in.field();
        }
        if (node instanceof FilterNode.Like like) {
            return like.field();
        }
        return ((FilterNode.NullCheck) node).field();
    }
}
