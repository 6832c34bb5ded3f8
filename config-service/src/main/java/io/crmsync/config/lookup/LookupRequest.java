package io.crmsync.config.lookup;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Body of POST /api/v1/lookups; the entries are uploaded separately as CSV. */
public record LookupRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters")
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9 _.-]*", message = "may hold letters, digits, spaces, '_', '.' and '-'")
        String name,
        @Size(max = 2000, message = "must be at most 2000 characters") String description) {
}
