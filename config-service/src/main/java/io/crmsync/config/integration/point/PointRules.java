package io.crmsync.config.integration.point;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.crmsync.common.error.CrmsyncException;

/** The checks of a point that span fields; field names carry the caller's prefix, e.g. {@code points[0].}. */
final class PointRules {

    private PointRules() {
    }

    static void check(String prefix, PointRequest point) {
        checkOperation(prefix, point);
        List<FieldRuleJson> rules = point.fieldRules() == null ? List.of() : point.fieldRules();
        Map<String, Integer> filledBy = checkRules(prefix, rules);
        checkMatchKey(prefix, point.operation(), point.matchKey() == null ? List.of() : point.matchKey(), filledBy,
                rules);
        checkDistinct(prefix + "sourceFields", point.sourceFields());
        checkDistinct(prefix + "orderBy", point.orderBy() == null ? null
                : point.orderBy().stream().map(SortOrder::field).toList(), ".field");
        checkDistinct(prefix + "recordIds", point.recordIds());
        checkDistinct(prefix + "sensitiveFields", point.sensitiveFields());
        if (point.recordIds() != null && !point.recordIds().isEmpty() && point.filter() != null
                && !point.filter().isBlank()) {
            throw CrmsyncException.invalidField(prefix + "filter", "cannot be combined with recordIds: a point reads "
                    + "either the records a filter selects or the listed ones");
        }
    }

    /**
     * What each operation needs beyond the match key (see {@link Operation#needsMatchKey()}): import_deleted
     * finds deletions by the cursor field within the run window, so it neither works without one nor with an id
     * list. The cursor field is required by the others too while every run is incremental.
     */
    private static void checkOperation(String prefix, PointRequest point) {
        boolean noCursor = point.cursorField() == null || point.cursorField().isBlank();
        if (point.operation() == Operation.IMPORT_DELETED) {
            if (noCursor) {
                throw CrmsyncException.invalidField(prefix + "cursorField", "is required for operation import_deleted, "
                        + "which finds the records deleted within the run window by it");
            }
            if (point.recordIds() != null && !point.recordIds().isEmpty()) {
                throw CrmsyncException.invalidField(prefix + "recordIds",
                        "cannot be combined with operation import_deleted, which reads the deletions of the run window");
            }
        }
        if (noCursor) {
            throw CrmsyncException.invalidField(prefix + "cursorField", "is required");
        }
    }

    private static void checkDistinct(String field, List<String> values) {
        checkDistinct(field, values, "");
    }

    private static void checkDistinct(String field, List<String> values, String suffix) {
        if (values == null) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < values.size(); i++) {
            if (!seen.add(values.get(i))) {
                throw CrmsyncException.invalidField(field + "[" + i + "]" + suffix, "is listed twice");
            }
        }
    }

    /** The rule index filling each target field. */
    private static Map<String, Integer> checkRules(String prefix, List<FieldRuleJson> rules) {
        if (rules.isEmpty()) {
            throw CrmsyncException.invalidField(prefix + "fieldRules", "needs at least one rule");
        }
        Map<String, Integer> filledBy = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            FieldRuleJson rule = rules.get(i);
            String at = prefix + "fieldRules[" + i + "]";
            rule.toStored().check(at);
            Integer earlier = filledBy.putIfAbsent(rule.targetField(), i);
            if (earlier != null) {
                throw CrmsyncException.invalidField(at + ".targetField",
                        "'" + rule.targetField() + "' is already filled by fieldRules[" + earlier + "]");
            }
        }
        return filledBy;
    }

    /**
     * A match key field must be filled from a source field (through a lookup or conversion at most): records are
     * read and resumed in the order of the key's source fields, which an expression or a constant does not have.
     */
    private static void checkMatchKey(String prefix, Operation operation, List<String> matchKey,
            Map<String, Integer> filledBy, List<FieldRuleJson> rules) {
        if (matchKey.isEmpty() && operation.needsMatchKey()) {
            throw CrmsyncException.invalidField(prefix + "matchKey", "is required for operation " + operation.wire());
        }
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < matchKey.size(); k++) {
            String field = matchKey.get(k);
            String at = prefix + "matchKey[" + k + "]";
            if (!filledBy.containsKey(field)) {
                throw CrmsyncException.invalidField(at, "'" + field + "' is not filled by any field rule");
            }
            if (rules.get(filledBy.get(field)).sourceField() == null) {
                throw CrmsyncException.invalidField(at, "'" + field + "' must be filled from a sourceField, not a "
                        + "constant or an expression, so that records can be matched and read in key order");
            }
            if (!seen.add(field)) {
                throw CrmsyncException.invalidField(at, "'" + field + "' is listed twice");
            }
        }
    }
}
