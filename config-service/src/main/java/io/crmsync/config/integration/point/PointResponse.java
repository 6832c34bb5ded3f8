package io.crmsync.config.integration.point;

import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A point as admins see it, with the source and target endpoints resolved from the connection. recordIds is left
 * out when the point selects records by filter.
 */
public record PointResponse(UUID id, String name, Direction direction, UUID sourceEndpointId, String sourceObject,
        UUID targetEndpointId, String targetObject, Operation operation, List<String> matchKey, String cursorField,
        List<FieldRuleJson> fieldRules, String filter, List<String> sourceFields, List<SortOrder> orderBy,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<String> recordIds, String accountField,
        List<String> sensitiveFields) {
}
