package io.crmsync.config.integration.point;

/**
 * How one target field gets its value, as stored in {@code integration_points.field_rules}: exactly one of
 * {@code sourceField} and {@code constant} is set. Kept apart from the REST shape so either can change alone.
 */
public record FieldRule(String targetField, String sourceField, String constant, String note) {
}
