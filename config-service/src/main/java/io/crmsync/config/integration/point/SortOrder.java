package io.crmsync.config.integration.point;

import com.fasterxml.jackson.annotation.JsonProperty;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** One sort key of an extract, {@code {field, direction}}; direction defaults to asc. Also the stored shape. */
public record SortOrder(
        @NotBlank(message = "is required") @Size(max = 255, message = "must be at most {max} characters")
        @Pattern(regexp = PointRequest.IDENTIFIER, message = PointRequest.IDENTIFIER_MESSAGE) String field,
        Direction direction) {

    /** Sort direction. */
    public enum Direction {
        @JsonProperty("asc")
        ASC,
        @JsonProperty("desc")
        DESC
    }

    SortOrder normalized() {
        return direction == null ? new SortOrder(field, Direction.ASC) : this;
    }
}
