package io.crmsync.config.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.crmsync.config.integration.IntegrationDefinition;
import io.crmsync.config.integration.point.FieldRule;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.proto.transfer.v1.FieldDescription;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks every point of an integration against its real source and target objects and returns every problem
 * at once: unknown objects and fields, unmapped match keys, a cursor that is not a time, type mismatches.
 */
@ApplicationScoped
public class MappingValidator {

    private final ObjectDescriber describer;

    MappingValidator(ObjectDescriber describer) {
        this.describer = describer;
    }

    public List<MappingProblem> validate(IntegrationDefinition definition) {
        List<MappingProblem> problems = new ArrayList<>();
        if (definition.points().isEmpty()) {
            problems.add(new MappingProblem("points", "mapping.no_points", "the integration has no point"));
        }
        ObjectDescriber.Session session = describer.session();
        for (int i = 0; i < definition.points().size(); i++) {
            PointEntity point = definition.points().get(i);
            String at = "points[" + i + "]";
            UUID source = definition.ends().sourceFor(point.direction);
            UUID target = definition.ends().targetFor(point.direction);
            ObjectDescriber.Described from = session.describe(source, point.sourceObject);
            ObjectDescriber.Described to = session.describe(target, point.targetObject);
            if (!from.known()) {
                problems.add(new MappingProblem(at + ".sourceObject", "mapping.object_unknown", from.problem()));
            }
            if (!to.known()) {
                problems.add(new MappingProblem(at + ".targetObject", "mapping.object_unknown", to.problem()));
            }
            checkPoint(at, point, from, to, problems);
        }
        return problems;
    }

    private static void checkPoint(String at, PointEntity point, ObjectDescriber.Described from,
            ObjectDescriber.Described to, List<MappingProblem> problems) {
        Map<String, FieldDescription> sourceFields = from.byName();
        Map<String, FieldDescription> targetFields = to.byName();
        List<FieldRule> rules = point.fieldRules == null ? List.of() : point.fieldRules;
        for (String key : point.matchKey == null ? List.<String> of() : point.matchKey) {
            if (rules.stream().noneMatch(r -> key.equals(r.targetField()))) {
                problems.add(new MappingProblem(at + ".matchKey", "mapping.key_not_mapped",
                        "match key field '" + key + "' is filled by no field rule"));
            }
        }
        if (from.known() && point.cursorField != null && !point.cursorField.isEmpty()) {
            FieldDescription cursor = sourceFields.get(point.cursorField);
            if (cursor == null) {
                problems.add(new MappingProblem(at + ".cursorField", "mapping.unknown_source_field",
                        "'" + point.cursorField + "' is not a field of " + point.sourceObject));
            } else if (TypeFamily.of(cursor.getType()) != TypeFamily.DATETIME
                    && TypeFamily.of(cursor.getType()) != TypeFamily.DATE) {
                problems.add(new MappingProblem(at + ".cursorField", "mapping.cursor_not_a_time",
                        "'" + point.cursorField + "' is a " + cursor.getType() + ", not a date or time"));
            }
        }
        for (int r = 0; r < rules.size(); r++) {
            checkRule(at + ".fieldRules[" + r + "]", rules.get(r), point, from.known() ? sourceFields : null,
                    to.known() ? targetFields : null, problems);
        }
    }

    private static void checkRule(String at, FieldRule rule, PointEntity point, Map<String, FieldDescription> source,
            Map<String, FieldDescription> target, List<MappingProblem> problems) {
        FieldDescription written = target == null ? null : target.get(rule.targetField());
        if (target != null && written == null) {
            problems.add(new MappingProblem(at + ".targetField", "mapping.unknown_target_field",
                    "'" + rule.targetField() + "' is not a field of " + point.targetObject));
        }
        if (rule.sourceField() == null || source == null) {
            return;
        }
        FieldDescription read = source.get(rule.sourceField());
        if (read == null) {
            problems.add(new MappingProblem(at + ".sourceField", "mapping.unknown_source_field",
                    "'" + rule.sourceField() + "' is not a field of " + point.sourceObject));
        } else if (written != null
                && !TypeFamily.of(read.getType()).fitsInto(TypeFamily.of(written.getType()))) {
            problems.add(new MappingProblem(at, "mapping.type_mismatch", "'" + rule.sourceField() + "' ("
                    + read.getType() + ") cannot be written into '" + rule.targetField() + "' (" + written.getType()
                    + ") without a conversion"));
        }
    }
}
