package io.crmsync.worker.connector.mariadb;

import java.util.List;
import java.util.Optional;

import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.jdbc.Identifiers;

/**
 * A table or view as information_schema describes it.
 *
 * @param database the database (schema) the name resolved to
 * @param name the table's exact name
 * @param columns columns in ordinal order
 * @param uniqueKeys column lists of the PRIMARY and UNIQUE indexes on whole column values, primary first
 */
record MariaDbTable(String database, String name, List<MariaDbColumn> columns, List<List<String>> uniqueKeys) {

    static final Identifiers NAMES = Identifiers.BACKTICKS;

    /** The fully quoted name, e.g. {@code `crm`.`contacts`}; always database-qualified. */
    String quotedName() {
        return NAMES.quote(database) + "." + NAMES.quote(name);
    }

    Optional<MariaDbColumn> column(String columnName) {
        return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
    }

    /** The column, which validation has already shown to exist. */
    MariaDbColumn require(String columnName) {
        return column(columnName).orElseThrow(() -> new IllegalStateException("no column " + columnName));
    }

    ObjectDescription toDescription() {
        List<ObjectDescription.Field> fields = columns.stream()
                .map(c -> new ObjectDescription.Field(c.name(), c.columnType(), c.nullable(),
                        uniqueKeys.stream().anyMatch(k -> k.contains(c.name())), c.isTemporal()))
                .toList();
        return new ObjectDescription(name, fields, uniqueKeys);
    }
}
