package io.crmsync.config.integration.point;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The optional parts of a field rule, shared by its stored and REST forms. */
public final class RuleFormats {

    private RuleFormats() {
    }

    /** How dates and numbers are written in a text source; see {@code io.crmsync.rules.SourceFormat}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SourceFormat(
            @Size(max = 100, message = "must be at most {max} characters") String date,
            @Size(max = 1, message = "must be one character") String decimalSeparator,
            @Size(max = 1, message = "must be one character") String groupingSeparator) {
    }

    /** A multi-value field split and joined value by value. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record MultiValue(
            @Size(max = 5, message = "must be at most {max} characters") String sourceDelimiter,
            @Size(max = 5, message = "must be at most {max} characters") String targetDelimiter) {
    }

    /** A reference lookup the rule's values go through, and what happens to values it has no row for. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LookupUse(
            @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters")
            String name,
            @Size(max = 20, message = "must be reject, pass_through or default") String unmapped,
            @JsonProperty("default") @Size(max = 4000, message = "must be at most {max} characters")
            String defaultValue) {
    }
}
