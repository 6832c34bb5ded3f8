package io.crmsync.config.api;

import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;

/** A 400 listing every problem of a request at once, e.g. each bad line of an uploaded CSV file. */
public class InvalidInputException extends CrmsyncException {

    private final List<Problem.FieldError> errors;

    public InvalidInputException(String field, String message, List<Problem.FieldError> errors) {
        super(ErrorCode.INVALID_ARGUMENT, field + ": " + message, field, null);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
