package io.crmsync.rules;

/**
 * A record's value cannot be produced by its rule (unparseable text, an unmapped lookup value, an expression
 * error). The record is rejected with this code and message; the run goes on.
 */
public final class ValueRejected extends Exception {

    /** Text in the rule's source format (or ISO-8601) could not be read. */
    public static final String INVALID_VALUE = "INVALID_VALUE";
    /** A reference lookup has no row for the value and the rule says reject. */
    public static final String UNMAPPED_VALUE = "UNMAPPED_VALUE";
    /** The expression failed on this record, e.g. a division by zero. */
    public static final String EXPRESSION_ERROR = "EXPRESSION_ERROR";
    /** The expression went past its cost limit on this record. */
    public static final String EXPRESSION_COST_EXCEEDED = "EXPRESSION_COST_EXCEEDED";

    private final String code;

    public ValueRejected(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    ValueRejected forField(String targetField) {
        return new ValueRejected(code, "target field '" + targetField + "': " + getMessage());
    }
}
