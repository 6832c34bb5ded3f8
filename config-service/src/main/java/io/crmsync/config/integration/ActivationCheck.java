package io.crmsync.config.integration;

import java.util.List;

import io.crmsync.config.api.Problem;

/**
 * What must hold before an integration may be activated: its mapping checked against the real objects
 * (implemented by {@code mapping.MappingValidator}). An empty list lets activation go ahead.
 */
public interface ActivationCheck {

    List<Problem.FieldError> problems(IntegrationDefinition definition);
}
