package io.crmsync.worker.connector;

/**
 * What happened to one written row.
 *
 * @param outcome the outcome
 * @param code for {@link Outcome#REJECTED}: a stable code such as {@code target.constraint_violation}
 * @param message for {@link Outcome#REJECTED}: the target's reason
 */
public record WriteResult(Outcome outcome, String code, String message) {

    /** The outcome of writing one row. */
    public enum Outcome {
        /** A new target record was created. */
        CREATED,
        /** A matching target record was changed. */
        UPDATED,
        /** A matching target record already held these values and was not rewritten. */
        UNCHANGED,
        /** The matching target record was deleted (operation DELETE). */
        DELETED,
        /** The write switches or the operation left the record alone. */
        SKIPPED,
        /** The target refused the record. */
        REJECTED
    }

    public static final WriteResult CREATED = new WriteResult(Outcome.CREATED, "", "");
    public static final WriteResult UPDATED = new WriteResult(Outcome.UPDATED, "", "");
    public static final WriteResult UNCHANGED = new WriteResult(Outcome.UNCHANGED, "", "");
    public static final WriteResult DELETED = new WriteResult(Outcome.DELETED, "", "");
    public static final WriteResult SKIPPED = new WriteResult(Outcome.SKIPPED, "", "");

    public static WriteResult rejected(String code, String message) {
        return new WriteResult(Outcome.REJECTED, code, message);
    }
}
