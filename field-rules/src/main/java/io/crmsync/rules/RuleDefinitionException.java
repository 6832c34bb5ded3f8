package io.crmsync.rules;

/** A field rule that cannot work as written; {@link #field()} names the part of the rule at fault. */
public final class RuleDefinitionException extends Exception {

    private final String field;

    public RuleDefinitionException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The rule's property at fault, e.g. {@code expression} or {@code sourceFormat.date}. */
    public String field() {
        return field;
    }
}
