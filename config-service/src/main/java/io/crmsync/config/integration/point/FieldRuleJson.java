package io.crmsync.config.integration.point;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A field rule on the wire: {@code {targetField, sourceField}} or {@code {targetField, constant}}, and a note. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldRuleJson(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = PointRequest.IDENTIFIER, message = PointRequest.IDENTIFIER_MESSAGE) String targetField,
        @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = PointRequest.IDENTIFIER, message = PointRequest.IDENTIFIER_MESSAGE) String sourceField,
        @Size(max = 4000, message = "must be at most {max} characters") String constant,
        @Size(max = 2000, message = "must be at most {max} characters") String note) {
}
