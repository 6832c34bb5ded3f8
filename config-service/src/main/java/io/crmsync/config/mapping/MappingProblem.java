package io.crmsync.config.mapping;

/** One problem of an integration's mapping: the request field it concerns, a stable code, and why. */
public record MappingProblem(String field, String code, String message) {
}
