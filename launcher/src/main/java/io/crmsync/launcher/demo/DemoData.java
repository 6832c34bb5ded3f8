package io.crmsync.launcher.demo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The demo's data: a CRM-like {@code contacts} table in a source database and the
 * {@code crm_contacts} table it syncs into. The target refuses e-mails without '@' (a CHECK
 * constraint), which is how the demo shows per-record rejects.
 */
public final class DemoData {

    /** Source fields copied by name; {@code id} goes to {@code external_id}, the match key. */
    public static final List<String> COPIED_FIELDS = List.of("email", "first_name", "last_name", "phone", "company",
            "job_title", "city", "country", "lifecycle_stage", "lead_score", "annual_revenue", "opted_in",
            "created_at", "updated_at");

    private static final String[] FIRST = { "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Frances",
            "Ken", "Margaret", "Niklaus" };
    private static final String[] LAST = { "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Allen",
            "Thompson", "Hamilton", "Wirth" };
    private static final String[] CITY = { "Lisbon", "Berlin", "Austin", "Osaka", "Lyon", "Toronto", "Leeds" };
    private static final String[] STAGE = { "subscriber", "lead", "mql", "sql", "opportunity", "customer" };

    private DemoData() {
    }

    /**
     * The integration point syncing {@code contacts} into {@code crm_contacts}, as the admin REST API takes it:
     * upsert on {@code external_id} (filled from the source {@code id}), incremental on {@code updated_at}.
     */
    public static Map<String, Object> contactsPoint() {
        List<Map<String, String>> rules = new ArrayList<>();
        rules.add(Map.of("targetField", "external_id", "sourceField", "id"));
        for (String field : COPIED_FIELDS) {
            rules.add(Map.of("targetField", field, "sourceField", field));
        }
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("name", "contacts");
        point.put("direction", "inbound");
        point.put("sourceObject", "contacts");
        point.put("targetObject", "crm_contacts");
        point.put("operation", "upsert");
        point.put("matchKey", List.of("external_id"));
        point.put("cursorField", "updated_at");
        point.put("fieldRules", rules);
        return point;
    }

    public static void createSource(Connection c, int rows) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS contacts");
            s.execute("""
                    CREATE TABLE contacts (
                        id bigint PRIMARY KEY, email text NOT NULL, first_name text, last_name text, phone text,
                        company text, job_title text, city text, country text, lifecycle_stage text,
                        lead_score integer, annual_revenue numeric(14,2), opted_in boolean,
                        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL)""");
            s.execute("CREATE INDEX contacts_updated_at_idx ON contacts (updated_at, id)");
        }
        insertContacts(c, 1, rows, Instant.now().minus(30, ChronoUnit.DAYS), false);
    }

    public static void createTarget(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS crm_contacts");
            s.execute("""
                    CREATE TABLE crm_contacts (
                        row_id bigserial PRIMARY KEY, external_id bigint NOT NULL UNIQUE,
                        email text NOT NULL CONSTRAINT email_has_at CHECK (email LIKE '%@%'),
                        first_name text, last_name text, phone text, company text, job_title text, city text,
                        country text, lifecycle_stage text, lead_score integer, annual_revenue numeric(14,2),
                        opted_in boolean, created_at timestamptz, updated_at timestamptz)""");
        }
    }

    /**
     * Inserts contacts {@code firstId..firstId+count-1}; with {@code badEmails} their e-mails lack the '@'
     * the target requires. Modification times are spread one second apart from {@code since}, several
     * rows sharing a second, as in real CRMs.
     */
    public static void insertContacts(Connection c, long firstId, int count, Instant since, boolean badEmails)
            throws SQLException {
        Random random = new Random(firstId);
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO contacts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                long id = firstId + i;
                String first = FIRST[random.nextInt(FIRST.length)];
                String last = LAST[random.nextInt(LAST.length)];
                Timestamp modified = Timestamp.from(since.plusSeconds(i / 3));
                insert.setLong(1, id);
                insert.setString(2, (first + "." + last + id).toLowerCase() + (badEmails ? ".example.com" : "@example.com"));
                insert.setString(3, first);
                insert.setString(4, last);
                insert.setString(5, "+1-555-" + (1000 + random.nextInt(9000)));
                insert.setString(6, last + " Labs");
                insert.setString(7, random.nextBoolean() ? "Engineer" : "Director");
                insert.setString(8, CITY[random.nextInt(CITY.length)]);
                insert.setString(9, "XX");
                insert.setString(10, STAGE[random.nextInt(STAGE.length)]);
                insert.setInt(11, random.nextInt(100));
                insert.setBigDecimal(12, java.math.BigDecimal.valueOf(random.nextInt(10_000_000), 2));
                insert.setBoolean(13, random.nextBoolean());
                insert.setTimestamp(14, modified);
                insert.setTimestamp(15, modified);
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** Changes {@code count} contacts (every {@code step}-th id) as an edit in the CRM would, now. */
    public static int touchContacts(Connection c, int count, int step) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("""
                UPDATE contacts SET lead_score = lead_score + 1, lifecycle_stage = 'customer', updated_at = now()
                WHERE id IN (SELECT id FROM contacts WHERE id % ? = 0 ORDER BY id LIMIT ?)""")) {
            update.setInt(1, step);
            update.setInt(2, count);
            return update.executeUpdate();
        }
    }
}
