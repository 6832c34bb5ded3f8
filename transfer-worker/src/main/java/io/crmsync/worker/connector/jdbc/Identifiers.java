package io.crmsync.worker.connector.jdbc;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;

/**
 * Quoting of SQL identifiers with one quote character ({@code "} for PostgreSQL, {@code `} for MariaDB). Names
 * are taken exactly as written (no case folding), so {@code Contacts} means the table whose name is
 * {@code Contacts}.
 *
 * @param quoteChar the character that delimits an identifier; doubled inside one
 */
public record Identifiers(char quoteChar) {

    public static final Identifiers DOUBLE_QUOTES = new Identifiers('"');
    public static final Identifiers BACKTICKS = new Identifiers('`');

    /** The identifier quoted, embedded quote characters doubled. */
    public String quote(String identifier) {
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new ConnectorException(Reason.CONFIGURATION, "'" + identifier + "' is not a valid identifier");
        }
        String q = String.valueOf(quoteChar);
        return q + identifier.replace(q, q + q) + q;
    }

    /** Comma-separated quoted identifiers. */
    public String quoteAll(List<String> identifiers) {
        return String.join(", ", identifiers.stream().map(this::quote).toList());
    }

    /**
     * Splits an object name into its parts: {@code contacts}, {@code crm.contacts}, or with quote characters
     * around a part that itself holds a dot or a quote, e.g. {@code crm."odd.name"} (a doubled quote inside
     * quotes is a quote). At most two parts: schema (or database) and table.
     */
    public List<String> parseQualified(String name) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == quoteChar && part.isEmpty()) {
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
    public String quoteQualified(String name) {
        return String.join(".", parseQualified(name).stream().map(this::quote).toList());
    }

    private int readQuoted(String name, int start, StringBuilder part) {
        int i = start;
        while (i < name.length()) {
            char c = name.charAt(i);
            if (c == quoteChar) {
                if (i + 1 < name.length() && name.charAt(i + 1) == quoteChar) {
                    part.append(quoteChar);
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

    private String finish(String name, StringBuilder part) {
        if (part.isEmpty()) {
            throw invalid(name);
        }
        String value = part.toString();
        part.setLength(0);
        return value;
    }

    private ConnectorException invalid(String name) {
        String quotes = quoteChar == '"' ? "double quotes" : quoteChar + " quotes";
        return new ConnectorException(Reason.CONFIGURATION, "'" + name + "' is not a valid object name "
                + "(expected table or schema.table, with " + quotes + " around a part that holds a dot)");
    }
}
