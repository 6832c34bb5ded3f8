package io.crmsync.config.credential;

import java.util.Map;

import jakarta.validation.constraints.NotNull;

/**
 * Body of PUT /api/v1/endpoints/{id}/credential: the secret values by name, e.g.
 * {@code {"secrets": {"password": "..."}}} for SQL endpoints. Replaces any stored credential as a whole.
 */
public record CredentialRequest(@NotNull(message = "is required") Map<String, String> secrets) {

    @Override
    public String toString() {
        return "CredentialRequest[secrets=" + (secrets == null ? "null" : secrets.keySet() + " (values redacted)")
                + "]";
    }
}
