package io.crmsync.config.api;

import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;

/**
 * A refusal listing every problem at once: a 400 for a bad request (e.g. each bad line of an uploaded CSV file),
 * or another code when stored state is at fault (e.g. an invalid mapping refused at activation).
 */
public class InvalidInputException extends CrmsyncException {

    private final List<Problem.FieldError> errors;

    public InvalidInputException(String field, String message, List<Problem.FieldError> errors) {
        this(ErrorCode.INVALID_ARGUMENT, field, field + ": " + message, errors);
    }

    public InvalidInputException(ErrorCode code, String field, String message, List<Problem.FieldError> errors) {
        super(code, message, field, null);
        this.errors = List.copyOf(errors);
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }
}
