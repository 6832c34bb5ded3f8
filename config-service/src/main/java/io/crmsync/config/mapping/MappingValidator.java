package io.crmsync.config.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import io.crmsync.config.api.Problem;
import io.crmsync.config.integration.ActivationCheck;
import io.crmsync.config.integration.IntegrationDefinition;
import io.crmsync.config.integration.point.FieldRule;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.config.lookup.LookupStore;
import io.crmsync.rules.CompiledRule;
import io.crmsync.rules.Conversion;
import io.crmsync.rules.FieldType;
import io.crmsync.rules.RuleDefinitionException;
import io.crmsync.rules.RuleEnvironment;
import io.crmsync.rules.RuleSpec;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Checks every point of an integration against its real source and target objects and returns every problem
 * at once: unknown objects and fields, unmapped match keys, a cursor that is not a time, unknown lookups,
 * expressions that do not type-check against the real field types, values that cannot fit their target field.
 */
@ApplicationScoped
public class MappingValidator implements ActivationCheck {

    private final ObjectDescriber describer;
    private final LookupStore lookups;

    MappingValidator(ObjectDescriber describer, LookupStore lookups) {
        this.describer = describer;
        this.lookups = lookups;
    }

    @Override
    public List<Problem.FieldError> problems(IntegrationDefinition definition) {
        return validate(definition).stream()
                .map(p -> new Problem.FieldError(p.field(), p.message() + " (" + p.code() + ")")).toList();
    }

    public List<MappingProblem> validate(IntegrationDefinition definition) {
        List<MappingProblem> problems = new ArrayList<>();
        if (definition.points().isEmpty()) {
            problems.add(new MappingProblem("points", "mapping.no_points", "the integration has no point"));
        }
        ObjectDescriber.Session session = describer.session();
        Predicate<String> lookupExists = name -> lookups.findByName(name).isPresent();
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
            checkPoint(at, point, from, to, lookupExists, problems);
        }
        return problems;
    }

    private static void checkPoint(String at, PointEntity point, ObjectDescriber.Described from,
            ObjectDescriber.Described to, Predicate<String> lookupExists, List<MappingProblem> problems) {
        List<FieldRule> rules = point.fieldRules == null ? List.of() : point.fieldRules;
        for (String key : point.matchKey == null ? List.<String> of() : point.matchKey) {
            if (rules.stream().noneMatch(r -> key.equals(r.targetField()))) {
                problems.add(new MappingProblem(at + ".matchKey", "mapping.key_not_mapped",
                        "match key field '" + key + "' is filled by no field rule"));
            }
        }
        if (from.known() && point.cursorField != null && !point.cursorField.isEmpty()) {
            FieldType cursor = from.typeOf(point.cursorField);
            if (cursor == null) {
                problems.add(new MappingProblem(at + ".cursorField", "mapping.unknown_source_field",
                        "'" + point.cursorField + "' is not a field of " + point.sourceObject));
            } else if (!cursor.temporal()) {
                problems.add(new MappingProblem(at + ".cursorField", "mapping.cursor_not_a_time",
                        "'" + point.cursorField + "' is " + cursor.wireName() + ", not a date or time"));
            }
        }
        for (int r = 0; r < rules.size(); r++) {
            checkRule(at + ".fieldRules[" + r + "]", rules.get(r), point, from, to, lookupExists, problems);
        }
    }

    private static void checkRule(String at, FieldRule rule, PointEntity point, ObjectDescriber.Described from,
            ObjectDescriber.Described to, Predicate<String> lookupExists, List<MappingProblem> problems) {
        FieldType written = to.known() ? to.typeOf(rule.targetField()) : null;
        if (to.known() && written == null) {
            problems.add(new MappingProblem(at + ".targetField", "mapping.unknown_target_field",
                    "'" + rule.targetField() + "' is not a field of " + point.targetObject));
        }
        RuleSpec spec = rule.toSpec();
        if (spec.lookup() != null && !lookupExists.test(spec.lookup().name())) {
            problems.add(new MappingProblem(at + ".lookup.name", "mapping.unknown_lookup",
                    "reference lookup '" + spec.lookup().name() + "' does not exist"));
        }
        List<String> reads;
        try {
            reads = spec.check();
        } catch (RuleDefinitionException e) {
            problems.add(problem(at, e));
            return;
        }
        if (!from.known()) {
            return;
        }
        Map<String, FieldType> types = new LinkedHashMap<>();
        String readAt = at + (spec.source() == RuleSpec.Source.EXPRESSION ? ".expression" : ".sourceField");
        for (String field : reads) {
            FieldType type = from.typeOf(field);
            if (type == null) {
                problems.add(new MappingProblem(readAt, "mapping.unknown_source_field",
                        "'" + field + "' is not a field of " + point.sourceObject));
                return;
            }
            types.put(field, type);
        }
        FieldType target = written == null ? FieldType.OTHER : written;
        CompiledRule compiled;
        try {
            // Lookup rows do not matter here, only that the lookup exists (reported above).
            compiled = CompiledRule.compile(spec, target,
                    new RuleEnvironment(types, from.zone(), to.zone(), name -> Optional.of(Map.of())));
        } catch (RuleDefinitionException e) {
            problems.add(problem(at, e));
            return;
        }
        FieldType value = compiled.valueType();
        Conversion conversion = spec.conversionOrDefault();
        if ((conversion == Conversion.DATE_ONLY || conversion == Conversion.WITHOUT_OFFSET) && !value.temporal()
                && value != FieldType.TEXT && value != FieldType.OTHER) {
            problems.add(new MappingProblem(at + ".conversion", "mapping.conversion_needs_time", "conversion "
                    + conversion.wireName() + " needs a date or time, but the value is " + value.wireName()));
        } else if (written != null && conversion == Conversion.DEFAULT && !value.fitsInto(written)) {
            String what = spec.source() == RuleSpec.Source.SOURCE_FIELD
                    ? "'" + spec.value() + "' (" + value.wireName() + ")"
                    : "the " + spec.source().name().toLowerCase(Locale.ROOT) + " (" + value.wireName() + ")";
            problems.add(new MappingProblem(at, "mapping.type_mismatch", what + " cannot be written into '"
                    + rule.targetField() + "' (" + written.wireName() + ") without a conversion"));
        }
    }

    private static MappingProblem problem(String at, RuleDefinitionException e) {
        String code = e.field().equals("expression") ? "mapping.expression_error"
                : e.field().startsWith("lookup") ? "mapping.unknown_lookup" : "mapping.invalid_rule";
        return new MappingProblem(at + "." + e.field(), code, e.getMessage());
    }
}
