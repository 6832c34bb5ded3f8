package io.crmsync.worker.connector;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * An object's fields in natural order and the field sets the endpoint keeps unique.
 *
 * @param name the object's name as the endpoint spells it
 * @param fields the fields in natural order
 * @param uniqueKeys each unique key (primary key, unique constraint or index) usable to match records
 */
public record ObjectDescription(String name, List<Field> fields, List<List<String>> uniqueKeys) {

    public ObjectDescription {
        fields = List.copyOf(fields);
        uniqueKeys = uniqueKeys.stream().map(List::copyOf).toList();
    }

    /**
     * One field of an object.
     *
     * @param name the field's exact name
     * @param type the endpoint's own type name, e.g. {@code character varying(100)}
     * @param nullable whether the field may be empty
     * @param key whether the field is part of a unique key
     * @param temporal whether the field holds a date or timestamp, so it can drive a cursor
     */
    public record Field(String name, String type, boolean nullable, boolean key, boolean temporal) {
    }

    /** The field with exactly this name. */
    public Optional<Field> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** Whether some unique key consists of exactly these fields, in any order. */
    public boolean hasUniqueKeyOn(List<String> fieldNames) {
        HashSet<String> wanted = new HashSet<>(fieldNames);
        return uniqueKeys.stream().anyMatch(k -> k.size() == wanted.size() && wanted.containsAll(k));
    }
}
