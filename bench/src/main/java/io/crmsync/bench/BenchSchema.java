package io.crmsync.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.crmsync.proto.config.v1.Conversion;
import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.LookupUse;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.config.v1.UnmappedValue;

/**
 * The benchmark's data: a CRM-like {@code src} contacts table (18 columns, about 300 bytes a row), the crmsync
 * target {@code dst} (country names instead of codes, creation time with its zone), and {@code dst_base} shaped
 * like {@code src} for the database's own bulk paths. Both targets are keyed by {@code id} only.
 */
final class BenchSchema {

    /** Source wall-clock times are in this zone; the conversion writes them as instants. */
    static final String SOURCE_ZONE = "Europe/Berlin";
    /** Rows changed for the incremental run get modification times from here on, after every other row's. */
    static final String INCREMENTAL_FROM = "2030-01-01T00:00:00Z";

    static final Map<String, String> COUNTRIES = countries();

    private BenchSchema() {
    }

    static void create(Connection c) throws SQLException {
        exec(c, "DROP TABLE IF EXISTS src, dst, dst_base", """
                CREATE TABLE src (
                  id bigint PRIMARY KEY, external_id text NOT NULL, email text, first_name text, last_name text,
                  phone text, company text, title text, street text, city text, country_code text,
                  lead_source text, status text, score integer, annual_revenue numeric(14,2),
                  created_at timestamp NOT NULL, updated_at timestamptz NOT NULL, notes text)""", """
                CREATE TABLE dst (
                  id bigint PRIMARY KEY, external_id text NOT NULL, email text, first_name text, last_name text,
                  phone text, company text, title text, street text, city text, country text,
                  lead_source text, status text, score integer, annual_revenue numeric(14,2),
                  created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, notes text)""",
                "CREATE TABLE dst_base (LIKE src INCLUDING DEFAULTS, PRIMARY KEY (id))");
    }

    /** Fills {@code src} with {@code rows} contacts, modification times spread over 2024. */
    static void seed(Connection c, long rows) throws SQLException {
        String codes = "(ARRAY['" + String.join("','", COUNTRIES.keySet()) + "'])";
        exec(c, """
                INSERT INTO src
                SELECT g, 'EXT-' || lpad(g::text, 10, '0'), 'contact' || g || '@example-company.com',
                       (ARRAY['Ada','Grace','Alan','Edsger','Barbara','Donald','Frances','Ken'])[1 + g % 8],
                       (ARRAY['Lovelace','Hopper','Turing','Dijkstra','Liskov','Knuth','Allen'])[1 + g % 7],
                       '+49 30 ' || lpad((g::bigint * 7919 % 10000000)::text, 7, '0'),
                       'Company ' || (g % 5000) || ' GmbH & Co. KG', (ARRAY['CEO','CTO','Buyer','Engineer'])[1 + g % 4],
                       (g % 300) || ' Long Example Street, Building ' || (g % 17), 'City ' || (g % 900),
                       {codes}[1 + g % {countries}],
                       (ARRAY['web','event','partner','referral','cold call'])[1 + g % 5],
                       (ARRAY['new','working','nurturing','qualified'])[1 + g % 4],
                       g % 1000, (g % 100000) * 12.5,
                       timestamp '2023-01-01' + g * interval '17 seconds',
                       timestamptz '2024-01-01T00:00:00Z' + (g % 31536000) * interval '1 second',
                       'Met at the spring conference; follow up about the enterprise plan and the renewal in Q'
                         || (1 + g % 4)
                FROM generate_series(1, {rows}) g"""
                .replace("{codes}", codes).replace("{countries}", Integer.toString(COUNTRIES.size()))
                .replace("{rows}", Long.toString(rows)),
                "CREATE INDEX src_updated ON src (updated_at, id)", "VACUUM ANALYZE src");
    }

    /** Changes every row (score and modification time), the "100% changed" upsert. */
    static void changeAll(Connection c) throws SQLException {
        exec(c, "UPDATE src SET score = score + 1, updated_at = updated_at + interval '1 day'", "VACUUM ANALYZE src");
    }

    /** Changes one row in a hundred and moves it past every other row's modification time. */
    static void changeOnePercent(Connection c) throws SQLException {
        exec(c, "UPDATE src SET score = score + 1, updated_at = timestamptz '" + INCREMENTAL_FROM
                + "' + id * interval '1 millisecond' WHERE id % 100 = 0", "VACUUM ANALYZE src");
    }

    static void truncate(Connection c, String table) throws SQLException {
        exec(c, "TRUNCATE " + table, "VACUUM ANALYZE " + table);
    }

    /** contacts src -> dst: upsert on id, cursor updated_at, 16 copies, one lookup, one time-zone conversion. */
    static Integration integration() {
        IntegrationPoint.Builder point = IntegrationPoint.newBuilder()
                .setId("bench-point").setName("contacts")
                .setSourceEndpointId("bench-source").setSourceObject("src")
                .setTargetEndpointId("bench-target").setTargetObject("dst")
                .setOperation(Operation.OPERATION_UPSERT).addMatchKey("id").setCursorField("updated_at");
        for (String column : new String[] { "id", "external_id", "email", "first_name", "last_name", "phone",
                "company", "title", "street", "city", "lead_source", "status", "score", "annual_revenue",
                "updated_at", "notes" }) {
            point.addFieldRules(FieldRule.newBuilder().setSourceField(column).setTargetField(column));
        }
        point.addFieldRules(FieldRule.newBuilder().setSourceField("country_code").setTargetField("country")
                .setLookup(LookupUse.newBuilder().setName("countries")
                        .setUnmapped(UnmappedValue.UNMAPPED_VALUE_REJECT)));
        // Wall-clock creation times of the source, read in its zone, written as instants.
        point.addFieldRules(FieldRule.newBuilder().setSourceField("created_at").setTargetField("created_at")
                .setConversion(Conversion.CONVERSION_DEFAULT));
        return Integration.newBuilder().setId("bench-integration").setName("bench contacts").setVersion(1)
                .setAllowNewRecords(true).setUpdateExisting(true).addPoints(point).build();
    }

    private static Map<String, String> countries() {
        String[][] pairs = { { "de", "Germany" }, { "fr", "France" }, { "us", "United States" },
                { "gb", "United Kingdom" }, { "es", "Spain" }, { "it", "Italy" }, { "nl", "Netherlands" },
                { "pl", "Poland" }, { "se", "Sweden" }, { "ch", "Switzerland" }, { "at", "Austria" },
                { "ca", "Canada" }, { "jp", "Japan" }, { "br", "Brazil" }, { "in", "India" }, { "au", "Australia" } };
        Map<String, String> countries = new LinkedHashMap<>();
        for (String[] pair : pairs) {
            countries.put(pair[0], pair[1]);
        }
        return Collections.unmodifiableMap(countries);
    }

    /** Runs each statement on its own (VACUUM cannot share a transaction). */
    static void exec(Connection c, String... statements) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }
}
