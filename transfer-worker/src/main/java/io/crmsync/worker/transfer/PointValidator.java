package io.crmsync.worker.transfer;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.ConflictPolicy;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.Filters;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.task.TaskDefinition;

/**
 * Checks an integration point before anything is read or written: first its rules on their own, then against
 * the real source and target objects. Every problem found is reported at once, each naming its object and
 * field, so an admin fixes them in one go.
 */
final class PointValidator {

    /** Sources read with SQL, where a field is a column and a dot path has no meaning. */
    private static final Set<String> SQL_SOURCES = Set.of("postgresql", "mariadb");

    private PointValidator() {
    }

    /** Checks that need no endpoint: rules complete, key filled from the source, operation supported. */
    static void checkRules(Integration integration, IntegrationPoint point, Task task, String targetType,
            Set<Operation> operations) {
        List<String> problems = new ArrayList<>();
        refuseSettingsNotHonouredYet(integration, point, problems);
        if (!operations.contains(point.getOperation())) {
            problems.add("operation " + operationName(point.getOperation()) + " is not supported by the "
                    + targetType + " connector yet");
        }
        checkFieldRules(point, problems);
        checkMatchKey(point, problems);
        if (point.getCursorField().isEmpty() && task.getMode() == RunMode.RUN_MODE_INCREMENTAL) {
            problems.add("incremental runs need a cursor_field on integration point '" + point.getName() + "'");
        }
        if (!point.getFilter().isEmpty() && !point.hasFilterExpression()) {
            // Reading everything instead would copy records the admin excluded.
            problems.add("integration point '" + point.getName() + "' has a filter but config-service sent no "
                    + "parsed filter_expression; update config-service");
        }
        if (point.getCursorField().isEmpty() && point.getMatchKeyList().isEmpty()) {
            problems.add("integration point '" + point.getName()
                    + "' needs a cursor_field or a match_key so that reads can resume in order");
        }
        throwIfAny(problems);
    }

    /**
     * Settings config-service accepts but this engine does not apply yet. Running without them would move the
     * wrong records (all instead of the listed ids or allowed accounts) or overwrite newer target values, so the
     * run fails with a configuration error naming the setting instead.
     */
    private static void refuseSettingsNotHonouredYet(Integration integration, IntegrationPoint point,
            List<String> problems) {
        String where = "integration point '" + point.getName() + "': ";
        if (point.getRecordIdsCount() > 0) {
            problems.add(where + "record_ids (import a list of records) is not supported by the transfer worker yet");
        }
        if (point.getOrderByCount() > 0) {
            problems.add(where + "order_by is not supported by the transfer worker yet");
        }
        if (integration.getAccountAllowListCount() > 0 || integration.getAccountDenyListCount() > 0) {
            problems.add("account allow/deny lists are not supported by the transfer worker yet");
        }
        if (integration.getConflictPolicy() == ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS) {
            problems.add("conflict policy most_recent_wins is not supported by the transfer worker yet");
        }
    }

    /** Checks against the described objects (null when missing) and returns the plan to run. */
    static TransferPlan plan(TaskDefinition definition, ObjectDescription source, ObjectDescription target) {
        IntegrationPoint point = definition.point();
        List<String> problems = new ArrayList<>();
        String sourceAt = "source object '" + point.getSourceObject() + "' on endpoint '" + definition.source().name()
                + "'";
        String targetAt = "target object '" + point.getTargetObject() + "' on endpoint '" + definition.target().name()
                + "'";
        if (source == null) {
            problems.add(sourceAt + " does not exist");
        } else {
            checkSourceFields(point, source, sourceAt, definition.source().type(), problems);
            checkFilterFields(point, source, sourceAt, definition.source().type(), problems);
        }
        if (target == null) {
            problems.add(targetAt + " does not exist");
        } else {
            checkTargetFields(point, target, targetAt, problems);
        }
        throwIfAny(problems);
        return toPlan(definition);
    }

    private static void checkFieldRules(IntegrationPoint point, List<String> problems) {
        if (point.getFieldRulesCount() == 0) {
            problems.add("integration point '" + point.getName() + "' has no field rules");
        }
        Set<String> targets = new HashSet<>();
        for (int i = 0; i < point.getFieldRulesCount(); i++) {
            FieldRule rule = point.getFieldRules(i);
            if (rule.getTargetField().isBlank()) {
                problems.add("field rule #" + (i + 1) + " has no target field");
            } else if (!targets.add(rule.getTargetField())) {
                problems.add("target field '" + rule.getTargetField() + "' is filled by more than one field rule");
            }
            if (rule.getValueCase() == FieldRule.ValueCase.VALUE_NOT_SET
                    || rule.hasSourceField() && rule.getSourceField().isBlank()) {
                problems.add("field rule for target field '" + rule.getTargetField()
                        + "' has neither a source field nor a constant");
            }
        }
    }

    private static void checkMatchKey(IntegrationPoint point, List<String> problems) {
        if (point.getMatchKeyList().isEmpty() && point.getOperation() != Operation.OPERATION_INSERT_ONLY) {
            problems.add("operation " + operationName(point.getOperation()) + " needs a match_key");
        }
        for (String key : point.getMatchKeyList()) {
            boolean fromSource = point.getFieldRulesList().stream()
                    .anyMatch(r -> r.getTargetField().equals(key) && r.hasSourceField()
                            && !r.getSourceField().isBlank());
            if (!fromSource) {
                problems.add("match key field '" + key + "' has no field rule filling it from a source field");
            }
        }
    }

    private static void checkSourceFields(IntegrationPoint point, ObjectDescription source, String sourceAt,
            String sourceType, List<String> problems) {
        for (String field : sourceFields(point)) {
            if (source.field(field).isPresent()) {
                continue;
            }
            problems.add(field.contains(".")
                    ? "source field '" + field + "' is a dot path, which the " + sourceType
                            + " connector does not support yet"
                    : "source field '" + field + "' does not exist in " + sourceAt);
        }
        String cursor = point.getCursorField();
        if (!cursor.isEmpty()) {
            source.field(cursor).ifPresentOrElse(f -> {
                if (!f.temporal()) {
                    problems.add("cursor field '" + cursor + "' of " + sourceAt + " has type " + f.type()
                            + ", but a date or timestamp is required");
                }
            }, () -> problems.add("cursor field '" + cursor + "' does not exist in " + sourceAt));
        }
    }

    private static void checkFilterFields(IntegrationPoint point, ObjectDescription source, String sourceAt,
            String sourceType, List<String> problems) {
        if (!point.hasFilterExpression()) {
            return;
        }
        for (String field : Filters.fields(point.getFilterExpression())) {
            if (source.field(field).isPresent()) {
                continue;
            }
            if (!field.contains(".")) {
                problems.add("filter field '" + field + "' does not exist in " + sourceAt);
            } else if (SQL_SOURCES.contains(sourceType)) {
                problems.add("filter field '" + field + "' is a dot path to a related object, which cannot be "
                        + "rendered into SQL for the " + sourceType + " source; filter on a column of " + sourceAt);
            } else {
                problems.add("filter field '" + field + "' is a dot path, which the " + sourceType
                        + " connector does not support yet");
            }
        }
    }

    private static void checkTargetFields(IntegrationPoint point, ObjectDescription target, String targetAt,
            List<String> problems) {
        for (FieldRule rule : point.getFieldRulesList()) {
            if (target.field(rule.getTargetField()).isEmpty()) {
                problems.add("target field '" + rule.getTargetField() + "' does not exist in " + targetAt);
            }
        }
        List<String> key = point.getMatchKeyList();
        if (!key.isEmpty() && key.stream().allMatch(k -> target.field(k).isPresent())
                && !target.hasUniqueKeyOn(key)) {
            problems.add(targetAt + " has no unique index or constraint on exactly (" + String.join(", ", key)
                    + "), which is needed to match records");
        }
    }

    /** Source fields read: those the rules copy, in rule order, then the cursor field and the key's fields. */
    private static List<String> sourceFields(IntegrationPoint point) {
        Set<String> fields = new LinkedHashSet<>();
        point.getFieldRulesList().stream().filter(FieldRule::hasSourceField)
                .forEach(r -> fields.add(r.getSourceField()));
        return new ArrayList<>(fields);
    }

    private static TransferPlan toPlan(TaskDefinition definition) {
        IntegrationPoint point = definition.point();
        Map<String, String> keySourceByTarget = new LinkedHashMap<>();
        for (String key : point.getMatchKeyList()) {
            point.getFieldRulesList().stream().filter(r -> r.getTargetField().equals(key)).findFirst()
                    .ifPresent(r -> keySourceByTarget.put(key, r.getSourceField()));
        }
        Set<String> read = new LinkedHashSet<>(sourceFields(point));
        if (!point.getCursorField().isEmpty()) {
            read.add(point.getCursorField());
        }
        List<String> columns = point.getFieldRulesList().stream().map(FieldRule::getTargetField).toList();
        WriteSpec write = new WriteSpec(point.getTargetObject(), columns, point.getMatchKeyList(),
                point.getOperation(), definition.integration().getAllowNewRecords(),
                definition.integration().getUpdateExisting());
        return new TransferPlan(point.getSourceObject(), new ArrayList<>(read), point.getCursorField(),
                new ArrayList<>(keySourceByTarget.values()), write,
                new RecordMapper(point.getFieldRulesList(), keySourceByTarget),
                point.hasFilterExpression() ? point.getFilterExpression() : null);
    }

    static String operationName(Operation operation) {
        return operation.name().replaceFirst("^OPERATION_", "");
    }

    private static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw TransferFailure.configuration(String.join("; ", problems));
        }
    }
}
