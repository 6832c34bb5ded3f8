package io.crmsync.rules;

/**
 * A field rule's use of a reference lookup: values are translated through the named table.
 *
 * @param name the reference lookup's name
 * @param unmapped what happens to a value the table has no row for
 * @param defaultValue the value written for unmapped values when {@code unmapped} is {@code DEFAULT}, else null
 */
public record LookupRef(String name, UnmappedValue unmapped, String defaultValue) {
}
