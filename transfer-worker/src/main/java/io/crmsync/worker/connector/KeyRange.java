package io.crmsync.worker.connector;

/**
 * A slice of an object by the value of one key field: {@code lower <= field < upper}. Bounds are text, as the
 * source writes values of that field, and compared as values of its type. A null lower bound is unbounded and
 * also takes the records that have no value for the field, so that a set of ranges covers every record.
 *
 * @param field the key field
 * @param lower inclusive lower bound, or null
 * @param upper exclusive upper bound, or null
 */
public record KeyRange(String field, String lower, String upper) {
}
