package io.crmsync.worker.connector.postgresql;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;

/**
 * Quoting of SQL identifiers. Names are taken exactly as written (no case folding), so {@code Contacts} means
 * the table whose name is {@code Contacts}.
 */
final class SqlNames {

    private SqlNames() {
    }

    /** The identifier as a quoted SQL identifier, embedded quotes doubled. */
    static String quote(String identifier) {
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new ConnectorException(Reason.CONFIGURATION, "'" + identifier + "' is not a valid identifier");
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** Comma-separated quoted identifiers. */
    static String quoteAll(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(SqlNames::quote).toList());
    }

    /**
     * Splits an object name into its parts: {@code contacts}, {@code crm.contacts}, or with double quotes
     * around a part that itself holds a dot or a quote, e.g. {@code crm."odd.name"} ({@code ""} inside quotes
     * is a quote). At most schema and table.
     */
    static List<String> parseQualified(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '"' && part.isEmpty()) {
                i = readQuoted(name, i + 1, part);
            } else if (c == '.') {
                parts.add(finish(name, part));
                i++;
            } else {
                part.append(c);
                i++;
            }
        }
        parts.add(finish(name, part));
        if (parts.size() > 2) {
            throw invalid(name);
        }
        return parts;
    }

    /** The object name quoted for SQL, e.g. {@code "crm"."contacts"}. */
    static String quoteQualified(String name) {
        return String.join(".", parseQualified(name).stream().map(SqlNames::quote).toList());
    }

    private static int readQuoted(String name, int start, StringBuilder part) {
        int i = start;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == '"') {
                if (i + 1 < name.length() && name.charAt(i + 1) == '"') {
                    part.append('"');
                    i += 2;
                    continue;
                }
                if (i + 1 < name.length() && name.charAt(i + 1) != '.') {
                    throw invalid(name);
                }
                return i + 1;
            }
            part.append(c);
            i++;
        }
        throw invalid(name);
    }

    private static String finish(String name, StringBuilder part) {
        if (part.isEmpty()) {
            throw invalid(name);
        }
        String value = part.toString();
        part.setLength(0);
        return value;
    }

    private static ConnectorException invalid(String name) {
        return new ConnectorException(Reason.CONFIGURATION, "'" + name + "' is not a valid object name "
                + "(expected table or schema.table, with double quotes around a part that holds a dot)");
    }
}
