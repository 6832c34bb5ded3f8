package io.crmsync.config.integration.point;

import com.fasterxml.jackson.annotation.JsonInclude;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A field rule on the wire: the target field and where its value comes from (one of {@code sourceField},
 * {@code constant}, {@code expression}), then optionally a reference lookup, multi-value handling, a conversion
 * with a source format, and a note.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldRuleJson(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = PointRequest.IDENTIFIER, message = PointRequest.IDENTIFIER_MESSAGE) String targetField,
        @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = PointRequest.IDENTIFIER, message = PointRequest.IDENTIFIER_MESSAGE) String sourceField,
        @Size(max = 4000, message = "must be at most {max} characters") String constant,
        @Size(max = 4000, message = "must be at most {max} characters") String expression,
        @Size(max = 20, message = "must be one of default, date_only, without_offset, raw") String conversion,
        @Valid RuleFormats.SourceFormat sourceFormat,
        @Valid RuleFormats.MultiValue multiValue,
        @Valid RuleFormats.LookupUse lookup,
        @Size(max = 2000, message = "must be at most {max} characters") String note) {

    FieldRule toStored() {
        return new FieldRule(targetField, sourceField, constant, expression, note, conversion, sourceFormat,
                multiValue, lookup);
    }

    static FieldRuleJson of(FieldRule r) {
        return new FieldRuleJson(r.targetField(), r.sourceField(), r.constant(), r.expression(), r.conversion(),
                r.sourceFormat(), r.multiValue(), r.lookup(), r.note());
    }
}
