package io.crmsync.config.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem document, the one error shape of the admin API. {@code reason} is the stable
 * machine-readable code (e.g. {@code config.endpoint_not_found}); {@code field} names the request field at
 * fault; {@code errors} lists every invalid field when there were several.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String reason, String field,
        List<FieldError> errors) {

    /** One invalid field of a request. */
    public record FieldError(String field, String detail) {
    }
}
