package io.crmsync.worker.connector.postgresql;

/**
 * A column as the catalog describes it.
 *
 * @param name the exact column name
 * @param displayType the declared type with modifiers, e.g. {@code character varying(100)}
 * @param castType the schema-qualified base type without modifiers, e.g. {@code pg_catalog."varchar"}: values
 *        are cast to it so that a too-long value fails on assignment instead of being cut by the cast
 * @param typeName the bare type name, e.g. {@code varchar}, {@code int4}, {@code timestamptz}
 * @param nullable whether the column accepts NULL
 */
record PgColumn(String name, String displayType, String castType, String typeName, boolean nullable) {

    boolean isTemporal() {
        return typeName.equals("timestamptz") || typeName.equals("timestamp") || typeName.equals("date");
    }

    /** Whether the type has a default equality, so IS DISTINCT FROM works on it without a text cast. */
    boolean hasEquality() {
        return switch (typeName) {
            case "json", "xml", "point", "line", "lseg", "box", "path", "polygon", "circle", "_json", "_xml" -> false;
            default -> true;
        };
    }
}
