package io.crmsync.rules;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a rule is compiled against: the source fields' types, the target field's type, both endpoints' time
 * zones and the reference lookups.
 *
 * @param sourceTypes known source field types by name; fields missing are typed at run time
 * @param sourceZone the zone of wall-clock values in the source
 * @param targetZone the zone wall-clock values are written in at the target
 * @param lookups a reference lookup's rows (source value to target value) by lookup name
 */
public record RuleEnvironment(Map<String, FieldType> sourceTypes, ZoneId sourceZone, ZoneId targetZone,
        Function<String, Optional<Map<String, String>>> lookups) {

    /** No types known, UTC on both sides, no lookups: what is known when a rule is first saved. */
    public static RuleEnvironment untyped() {
        return new RuleEnvironment(Map.of(), ZoneOffset.UTC, ZoneOffset.UTC, name -> Optional.empty());
    }
}
