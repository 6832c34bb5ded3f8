package io.crmsync.worker.transfer;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.ConflictPolicy;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.SourceConnector;
import io.crmsync.worker.connector.TargetConnector;
import io.crmsync.proto.scheduler.v1.RecordKey;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.rules.CompiledRule;
import io.crmsync.rules.FieldType;
import io.crmsync.rules.RuleDefinitionException;
import io.crmsync.rules.RuleEnvironment;
import io.crmsync.rules.RuleExpression;
import io.crmsync.worker.connector.EndpointAccess;
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
    /** Targets that only append and never match a record on the key, so they need no unique key on it. */
    private static final Set<String> APPEND_ONLY_TARGETS = Set.of("csv");

    private PointValidator() {
    }

    /** Checks that need no endpoint: rules complete, key filled from the source, operation supported. */
    static void checkRules(Integration integration, IntegrationPoint point, Task task, SourceConnector source,
            TargetConnector target) {
        List<String> problems = new ArrayList<>();
        boolean byKey = task.getRecordKeysCount() > 0;
        refuseSettingsNotHonouredYet(integration, point, byKey, problems);
        if (byKey) {
            checkRecordKeys(point, task.getRecordKeysList(), problems);
        }
        if (point.getOperation() == Operation.OPERATION_IMPORT_DELETED) {
            // The source's deletions are deleted at the target by key.
            if (!source.readsDeletedRecords()) {
                problems.add("operation IMPORT_DELETED needs a source that keeps deleted records (salesforce, "
                        + "hubspot, dynamics); the " + source.type() + " connector has no log of deleted records");
            }
            if (!target.supportedOperations().contains(Operation.OPERATION_DELETE)) {
                problems.add("operation IMPORT_DELETED deletes at the target by key, which the " + target.type()
                        + " connector does not support yet");
            }
            if (point.getCursorField().isEmpty()) {
                problems.add("operation IMPORT_DELETED finds deletions by the cursor_field's window; integration "
                        + "point '" + point.getName() + "' has none");
            }
            if (integration.getConflictPolicy() == ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS) {
                problems.add("operation IMPORT_DELETED cannot honour conflict policy most_recent_wins: a deletion "
                        + "carries no values to compare with the target's");
            }
        } else if (!target.supportedOperations().contains(point.getOperation())) {
            problems.add("operation " + operationName(point.getOperation()) + " is not supported by the "
                    + target.type() + " connector yet");
        }
        if (integration.getConflictPolicy() == ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS) {
            checkMostRecentWins(point, target, problems);
        }
        checkFieldRules(point, problems);
        checkMatchKey(point, problems);
        if (point.getCursorField().isEmpty() && task.getMode() == RunMode.RUN_MODE_INCREMENTAL && !byKey) {
            problems.add("incremental runs need a cursor_field on integration point '" + point.getName() + "'");
        }
        if (!point.getFilter().isEmpty() && !point.hasFilterExpression() && !byKey) {
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
     * A task re-reading records by key (a retry of failed records) reads them through the match key's source
     * fields: each key needs one value per field. Deletions cannot be re-read by key: a deleted record is in the
     * source's deletion log of a window, not among its records.
     */
    private static void checkRecordKeys(IntegrationPoint point, List<RecordKey> keys, List<String> problems) {
        String where = "integration point '" + point.getName() + "': ";
        if (point.getOperation() == Operation.OPERATION_IMPORT_DELETED) {
            problems.add(where + "a retry of selected records cannot re-read deletions: operation IMPORT_DELETED "
                    + "reads the source's deletion log of a window, not records by key; run the point again instead");
        }
        if (point.getMatchKeyCount() == 0) {
            problems.add(where + "records are re-read by match key, and the point has none");
            return;
        }
        for (int i = 0; i < keys.size(); i++) {
            if (keys.get(i).getValuesCount() != point.getMatchKeyCount()) {
                problems.add(where + "record key #" + (i + 1) + " has " + keys.get(i).getValuesCount()
                        + " value(s), but the match key has " + point.getMatchKeyCount() + " field(s)");
                return;
            }
        }
    }

    /**
     * Settings config-service accepts but this engine does not apply yet. Running without them would move the
     * wrong records (all instead of the listed ids) or overwrite newer target values, so the run fails with a
     * configuration error naming the setting instead. Account lists need the point's account field.
     */
    private static void refuseSettingsNotHonouredYet(Integration integration, IntegrationPoint point, boolean byKey,
            List<String> problems) {
        String where = "integration point '" + point.getName() + "': ";
        if (point.getRecordIdsCount() > 0 && point.getMatchKeyCount() != 1 && !byKey) {
            problems.add(where + "record_ids are values of the match key, so the match key must be exactly one field"
                    + " (it has " + point.getMatchKeyCount() + ")");
        }
        if (point.getOrderByCount() > 0) {
            problems.add(where + "order_by is not supported by the transfer worker yet");
        }
        if ((integration.getAccountAllowListCount() > 0 || integration.getAccountDenyListCount() > 0)
                && point.getAccountField().isEmpty()) {
            problems.add(where + "the integration has account allow/deny lists but the point names no account_field");
        }
    }

    /**
     * Most-recent-wins compares the target record's modification time with the source's: the cursor field must
     * be copied to a target field, and the target connector must compare.
     */
    private static void checkMostRecentWins(IntegrationPoint point, TargetConnector target, List<String> problems) {
        if (!target.keepsNewerRecords()) {
            problems.add("conflict policy most_recent_wins is not supported by the " + target.type()
                    + " connector yet");
        } else if (point.getCursorField().isEmpty()) {
            problems.add("conflict policy most_recent_wins compares modification times: integration point '"
                    + point.getName() + "' needs a cursor_field");
        } else if (modifiedTargetField(point) == null) {
            problems.add("conflict policy most_recent_wins compares modification times: integration point '"
                    + point.getName() + "' must copy its cursor field '" + point.getCursorField()
                    + "' to a target field (a field rule with that source_field)");
        }
    }

    /** The target field the cursor field is copied to, or null. */
    private static String modifiedTargetField(IntegrationPoint point) {
        return point.getFieldRulesList().stream()
                .filter(r -> r.hasSourceField() && r.getSourceField().equals(point.getCursorField()))
                .map(FieldRule::getTargetField).findFirst().orElse(null);
    }

    /** Checks against the described objects (null when missing) and returns the plan to run. */
    static TransferPlan plan(TaskDefinition definition, ObjectDescription source, ObjectDescription target) {
        return plan(definition, source, target, List.of());
    }

    /**
     * Checks against the described objects (null when missing) and returns the plan of a task; with record keys, the
     * plan reads exactly those records (the point's own filter, not applied, is not checked either).
     */
    static TransferPlan plan(TaskDefinition definition, ObjectDescription source, ObjectDescription target,
            List<RecordKey> recordKeys) {
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
            if (recordKeys.isEmpty()) {
                checkFilterFields(point, source, sourceAt, definition.source().type(), problems);
            }
            String account = point.getAccountField();
            if (!account.isEmpty() && source.field(account).isEmpty()) {
                problems.add("account field '" + account + "' does not exist in " + sourceAt);
            }
        }
        if (target == null) {
            problems.add(targetAt + " does not exist");
        } else {
            checkTargetFields(point, target, targetAt, definition.target().type(), problems);
            if (definition.integration().getConflictPolicy() == ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS) {
                String modified = modifiedTargetField(point);
                target.field(modified).filter(f -> !f.temporal()).ifPresent(f -> problems.add(
                        "conflict policy most_recent_wins compares modification times, but target field '" + modified
                                + "' of " + targetAt + " is " + f.type() + ", not a date or timestamp"));
            }
        }
        throwIfAny(problems);
        List<CompiledRule> rules = compileRules(definition, source, target, problems);
        throwIfAny(problems);
        return toPlan(definition, rules, recordKeys);
    }

    /**
     * Compiles the rules against the real field types, both endpoints' time zones and the lookups' rows: an
     * expression that no longer type-checks (a source column changed type) stops the run before any write.
     */
    private static List<CompiledRule> compileRules(TaskDefinition definition, ObjectDescription source,
            ObjectDescription target, List<String> problems) {
        Map<String, FieldType> sourceTypes = new HashMap<>();
        source.fields().forEach(f -> sourceTypes.put(f.name(), FieldType.of(definition.source().type(), f.type())));
        RuleEnvironment environment = new RuleEnvironment(sourceTypes, zone(definition.source()),
                zone(definition.target()), name -> Optional.ofNullable(definition.lookups().get(name)));
        List<CompiledRule> compiled = new ArrayList<>();
        for (FieldRule rule : definition.point().getFieldRulesList()) {
            FieldType targetType = target.field(rule.getTargetField())
                    .map(f -> FieldType.of(definition.target().type(), f.type())).orElse(FieldType.OTHER);
            try {
                compiled.add(CompiledRule.compile(RuleSpecs.of(rule), targetType, environment));
            } catch (RuleDefinitionException e) {
                problems.add("field rule for target field '" + rule.getTargetField() + "', " + e.field() + ": "
                        + e.getMessage());
            }
        }
        return compiled;
    }

    /** The endpoint's {@code timeZone} setting (checked by config-service), UTC when unset. */
    private static ZoneId zone(EndpointAccess endpoint) {
        String zone = endpoint.setting("timeZone");
        return zone.isEmpty() ? ZoneOffset.UTC : ZoneId.of(zone);
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
                        + "' has neither a source field, a constant nor an expression");
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
            String targetType, List<String> problems) {
        for (FieldRule rule : point.getFieldRulesList()) {
            if (target.field(rule.getTargetField()).isEmpty()) {
                problems.add("target field '" + rule.getTargetField() + "' does not exist in " + targetAt);
            }
        }
        List<String> key = point.getMatchKeyList();
        if (!key.isEmpty() && !APPEND_ONLY_TARGETS.contains(targetType)
                && key.stream().allMatch(k -> target.field(k).isPresent()) && !target.hasUniqueKeyOn(key)) {
            problems.add(targetAt + " has no unique index or constraint on exactly (" + String.join(", ", key)
                    + "), which is needed to match records");
        }
    }

    /** Source fields read: those the rules copy or their expressions read, in rule order. */
    private static List<String> sourceFields(IntegrationPoint point) {
        Set<String> fields = new LinkedHashSet<>();
        for (FieldRule rule : point.getFieldRulesList()) {
            if (rule.hasSourceField()) {
                fields.add(rule.getSourceField());
            } else if (rule.hasExpression()) {
                try {
                    fields.addAll(RuleExpression.referencedFields(rule.getExpression()));
                } catch (RuleDefinitionException e) {
                    throw TransferFailure.configuration("field rule for target field '" + rule.getTargetField()
                            + "', expression: " + e.getMessage());
                }
            }
        }
        return new ArrayList<>(fields);
    }

    private static TransferPlan toPlan(TaskDefinition definition, List<CompiledRule> rules,
            List<RecordKey> recordKeys) {
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
        boolean deletions = point.getOperation() == Operation.OPERATION_IMPORT_DELETED;
        if (deletions) {
            // A deleted record carries its key only: the key's rules fill the target key it is deleted by.
            rules = rules.stream().filter(r -> keySourceByTarget.containsKey(r.spec().targetField())).toList();
            read = new LinkedHashSet<>(keySourceByTarget.values());
            if (!point.getCursorField().isEmpty()) {
                read.add(point.getCursorField());
            }
        }
        List<String> columns = rules.stream().map(r -> r.spec().targetField()).toList();
        WriteSpec write = new WriteSpec(point.getTargetObject(), columns, point.getMatchKeyList(),
                deletions ? Operation.OPERATION_DELETE : point.getOperation(),
                definition.integration().getAllowNewRecords(), definition.integration().getUpdateExisting());
        if (definition.integration().getConflictPolicy() == ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS
                && !deletions) {
            write = write.keepingNewer(modifiedTargetField(point));
        }
        List<String> keySources = new ArrayList<>(keySourceByTarget.values());
        return new TransferPlan(point.getSourceObject(), new ArrayList<>(read), point.getCursorField(), keySources,
                write, new RecordMapper(rules, keySourceByTarget,
                        new Redaction(point.getSensitiveFieldsList(), read)),
                ReadFilters.readFilter(definition.integration(), point, keySources, recordKeys),
                point.getRecordIdsCount() > 0 || !recordKeys.isEmpty(), deletions);
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
