package io.crmsync.worker.connector.postgresql;

import java.util.List;
import java.util.Optional;

import io.crmsync.worker.connector.ObjectDescription;

/**
 * A table or view as the catalog describes it.
 *
 * @param schema the schema the name resolved to
 * @param name the table's exact name
 * @param columns columns in their natural order
 * @param uniqueKeys column lists of the unique indexes usable as ON CONFLICT arbiters (immediate,
 *        non-partial, on plain columns)
 */
record PgTable(String schema, String name, List<PgColumn> columns, List<List<String>> uniqueKeys) {

    /** The fully quoted name, e.g. {@code "public"."contacts"}; always schema-qualified. */
    String quotedName() {
        return SqlNames.quote(schema) + "." + SqlNames.quote(name);
    }

    Optional<PgColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The column, which validation has already shown to exist. */
    PgColumn require(String columnName) {
        return column(columnName).orElseThrow(() -> new IllegalStateException("no column " + columnName));
    }

    ObjectDescription toDescription() {
        List<ObjectDescription.Field> fields = columns.stream()
                .map(c -> new ObjectDescription.Field(c.name(), c.displayType(), c.nullable(),
                        uniqueKeys.stream().anyMatch(k -> k.contains(c.name())), c.isTemporal()))
                .toList();
        return new ObjectDescription(name, fields, uniqueKeys);
    }
}
