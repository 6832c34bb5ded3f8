package io.crmsync.worker.connector.postgresql;

import java.util.List;

import io.crmsync.worker.connector.jdbc.Identifiers;

/**
 * PostgreSQL's identifier quoting: {@link Identifiers} with double quotes. Names are taken exactly as written
 * (no case folding), so {@code Contacts} means the table whose name is {@code Contacts}.
 */
final class SqlNames {

    private static final Identifiers NAMES = Identifiers.DOUBLE_QUOTES;

    private SqlNames() {
    }

    /** The identifier as a quoted SQL identifier, embedded quotes doubled. */
    static String quote(String identifier) {
        return NAMES.quote(identifier);
    }

    /** Comma-separated quoted identifiers. */
    static String quoteAll(List<String> identifiers) {
        return NAMES.quoteAll(identifiers);
    }

    /** See {@link Identifiers#parseQualified}: {@code contacts}, {@code crm.contacts}, {@code crm."odd.name"}. */
    static List<String> parseQualified(String name) {
        return NAMES.parseQualified(name);
    }

    /** The object name quoted for SQL, e.g. {@code "crm"."contacts"}. */
    static String quoteQualified(String name) {
        return NAMES.quoteQualified(name);
    }
}
