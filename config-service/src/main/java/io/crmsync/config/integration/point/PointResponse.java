package io.crmsync.config.integration.point;

import java.util.List;
import java.util.UUID;

/** A point as admins see it, with the source and target endpoints resolved from the connection. */
public record PointResponse(UUID id, String name, Direction direction, UUID sourceEndpointId, String sourceObject,
        UUID targetEndpointId, String targetObject, Operation operation, List<String> matchKey, String cursorField,
        List<FieldRuleJson> fieldRules, String filter) {
}
