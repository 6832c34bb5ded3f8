package io.crmsync.config.integration.point;

import java.util.List;

import io.crmsync.config.filter.FilterParser;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Body of POST/PUT /api/v1/integrations/{id}/points, and an element of an integration's {@code points}.
 * Per-field checks are annotations; rules spanning fields are in {@link PointRules}. {@code sourceFields} lists
 * source fields read besides those the rules name; {@code recordIds}, when given, are read instead of a filter;
 * {@code accountField} is the source field the integration's account lists apply to; {@code sensitiveFields} are
 * source fields whose values are never kept in record snapshots (exception items show "[redacted]").
 */
public record PointRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most {max} characters") String name,
        @NotNull(message = "is required") Direction direction,
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String sourceObject,
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String targetObject,
        @NotNull(message = "is required") Operation operation,
        @Size(max = 20, message = "must have at most {max} fields")
        List<@NotBlank(message = "is required")
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String> matchKey,
        @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String cursorField,
        @Size(max = 1000, message = "must have at most {max} rules")
        List<@NotNull(message = "must not be null") @Valid FieldRuleJson> fieldRules,
        @Size(max = FilterParser.MAX_LENGTH, message = "must be at most {max} characters") String filter,
        @Size(max = 1000, message = "must have at most {max} fields")
        List<@NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String> sourceFields,
        @Size(max = 10, message = "must have at most {max} sort keys")
        List<@NotNull(message = "must not be null") @Valid SortOrder> orderBy,
        @Size(max = MAX_RECORD_IDS, message = "must have at most {max} record ids")
        List<@NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        String> recordIds,
        @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String accountField,
        @Size(max = 1000, message = "must have at most {max} fields")
        List<@NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = IDENTIFIER, message = IDENTIFIER_MESSAGE) String> sensitiveFields) {

    /** "Population calculated upstream": at most this many ids instead of a filter. */
    public static final int MAX_RECORD_IDS = 10_000;

    /**
     * Object and field names: {@code contacts}, {@code public.contacts}, {@code Owner.Name}. No quotes or spaces,
     * so a name can never smuggle syntax into a query a connector builds.
     */
    public static final String IDENTIFIER = "[\\p{L}\\p{N}_$]+(\\.[\\p{L}\\p{N}_$]+)*";
    public static final String IDENTIFIER_MESSAGE = "must be a name like contacts, public.contacts or Owner.Name "
            + "(letters, digits, underscores and dollar signs, parts joined by dots)";
}
