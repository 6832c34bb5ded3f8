package io.crmsync.rules;

import java.util.Locale;
import java.util.Set;

/**
 * What kind of value a field holds, across endpoints: enough to type-check expressions, to pick the time-zone
 * handling of a conversion, and to catch mappings that cannot work (a timestamp into a boolean) without refusing
 * ones a conversion handles (anything into text).
 */
public enum FieldType {
    TEXT, INTEGER, DECIMAL, BOOLEAN, DATE,
    /** A wall-clock date and time without zone, e.g. PostgreSQL {@code timestamp}, MariaDB {@code datetime}. */
    LOCAL_TIMESTAMP,
    /** An instant, e.g. PostgreSQL {@code timestamptz}, Salesforce/HubSpot/Dataverse date-times (UTC). */
    TIMESTAMP,
    /** Several values, e.g. a PostgreSQL array or a multi-select picklist. */
    LIST,
    /** A type crmsync does not interpret (json, uuid, binary, ...); passed through. */
    OTHER;

    private static final Set<String> INTEGER_NAMES = Set.of("smallint", "integer", "bigint", "int", "int2", "int4",
            "int8", "tinyint", "mediumint", "serial", "bigserial", "smallserial");

    /**
     * The type of a field as an endpoint describes it.
     *
     * @param endpointType the endpoint type ({@code postgresql}, {@code mariadb}, {@code salesforce}, ...), which
     *     decides what an ambiguous name such as {@code datetime} means
     * @param typeName the endpoint's own type name, e.g. {@code character varying(80)} or {@code picklist}
     */
    public static FieldType of(String endpointType, String typeName) {
        String t = typeName.toLowerCase(Locale.ROOT).trim();
        if (t.endsWith("[]") || t.equals("multipicklist") || t.equals("array")) {
            return LIST;
        }
        int paren = t.indexOf('(');
        // MariaDB's COLUMN_TYPE may end in attributes: "bigint(20) unsigned", "int unsigned zerofill".
        String base = (paren < 0 ? t : t.substring(0, paren)).replaceAll("\\s+(unsigned|signed|zerofill)\\b", "")
                .trim();
        if (base.equals("timestamp with time zone") || base.equals("timestamptz")) {
            return TIMESTAMP;
        }
        if (base.equals("timestamp without time zone")
                || base.equals("timestamp") && !"mariadb".equals(endpointType)) {
            return LOCAL_TIMESTAMP;
        }
        if (base.equals("timestamp")) {
            return TIMESTAMP; // MariaDB stores TIMESTAMP in UTC and converts it to the session's zone
        }
        if (base.equals("datetime")) {
            return "mariadb".equals(endpointType) ? LOCAL_TIMESTAMP : TIMESTAMP;
        }
        if (base.equals("date") || base.equals("dateonly")) {
            return DATE;
        }
        boolean mariadb = "mariadb".equals(endpointType);
        if (base.startsWith("bool") || t.startsWith("tinyint(1)")
                || mariadb && (t.equals("bit") || t.equals("bit(1)"))) {
            return BOOLEAN;
        }
        if (INTEGER_NAMES.contains(base) || mariadb && base.equals("year")) {
            return INTEGER;
        }
        if (mariadb && (base.equals("enum") || base.equals("set"))) {
            return TEXT; // read and written as text; a SET is its comma-separated members
        }
        if (base.startsWith("numeric") || base.startsWith("decimal") || base.startsWith("double")
                || base.startsWith("float") || base.equals("real") || base.equals("number") || base.equals("money")
                || base.equals("currency") || base.equals("percent")) {
            return DECIMAL;
        }
        if (base.contains("char") || base.equals("text") || base.endsWith("text") || base.equals("string")
                || base.equals("citext") || base.equals("name") || base.equals("picklist")
                || base.equals("enumeration") || base.equals("email") || base.equals("phone") || base.equals("url")
                || base.equals("textarea") || base.equals("memo") || base.equals("id") || base.equals("reference")
                || base.equals("lookup") || base.equals("combobox")) {
            return TEXT;
        }
        return OTHER;
    }

    /** Whether the field holds a date or a time. */
    public boolean temporal() {
        return this == DATE || this == LOCAL_TIMESTAMP || this == TIMESTAMP;
    }

    /** Whether the field holds a number. */
    public boolean numeric() {
        return this == INTEGER || this == DECIMAL;
    }

    /** Whether a value of this type can be written into {@code target} as it is (the target converts). */
    public boolean fitsInto(FieldType target) {
        return this == target || target == TEXT || this == OTHER || target == OTHER
                || temporal() && target.temporal() || numeric() && target.numeric();
    }

    /** The name admins see, e.g. {@code local_timestamp}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
