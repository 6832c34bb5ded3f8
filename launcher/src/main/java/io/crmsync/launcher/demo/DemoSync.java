package io.crmsync.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.launcher.postgres.DatabaseServer;

/**
 * The demo an admin would click through, against the project's CRM emulator (no real CRM is reachable from a
 * fresh machine; the emulator answers like the documented APIs): emulated Salesforce Contacts into a PostgreSQL
 * warehouse table, and the warehouse's contacts on into emulated HubSpot. Each first copies everything, then,
 * after some contacts changed in Salesforce and a few with invalid e-mails appeared (rejected by the warehouse,
 * listed as exceptions), an incremental run carries the changes through the warehouse to HubSpot.
 */
public final class DemoSync {

    static final String TARGET_DB = "crmsync_demo_warehouse";
    public static final String CLIENT_ID = "crmsync-demo";
    private static final Set<String> FINAL_STATES = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");

    private final DatabaseServer db;
    private final AdminApi api;
    private final CrmEmulator crm;
    private final String clientSecret;
    private final PrintStream out;

    /**
     * @param crm the running emulator, whose Salesforce accepts {@link #CLIENT_ID} with {@code clientSecret} and
     *        whose HubSpot accepts {@code clientSecret} as a private-app token
     */
    public DemoSync(DatabaseServer db, AdminApi api, CrmEmulator crm, String clientSecret, PrintStream out) {
        this.db = db;
        this.api = api;
        this.crm = crm;
        this.clientSecret = clientSecret;
        this.out = out;
    }

    /** Runs the demo and returns the id of the Salesforce integration it created. */
    public String run(int rows) throws SQLException, IOException, InterruptedException {
        db.ensureDatabase(TARGET_DB);
        try (Connection target = db.connect(TARGET_DB); Statement s = target.createStatement()) {
            s.execute("DROP TABLE IF EXISTS sf_contacts");
            s.execute("""
                    CREATE TABLE sf_contacts (
                        sf_id text PRIMARY KEY, external_id text UNIQUE, first_name text, last_name text NOT NULL,
                        email text CONSTRAINT email_has_at CHECK (email LIKE '%@%'), phone text, title text,
                        city text, modified timestamptz NOT NULL)""");
        }
        crm.salesforce().seedContacts(rows);
        out.printf("demo: %,d emulated Salesforce Contacts (%s) -> %s.sf_contacts -> emulated HubSpot contacts%n",
                rows, crm.baseUrl(), TARGET_DB);

        String suffix = Long.toString(System.currentTimeMillis(), 36);
        String salesforce = api.post("/api/v1/endpoints", Map.of("name", "demo-salesforce-" + suffix,
                "type", "salesforce", "settings", Map.of("loginUrl", crm.baseUrl(), "clientId", CLIENT_ID,
                        "authFlow", "client_credentials"))).path("id").asText();
        api.put("/api/v1/endpoints/" + salesforce + "/credential", Map.of("secrets",
                Map.of("clientSecret", clientSecret)));
        String warehouse = postgres("demo-warehouse-" + suffix, TARGET_DB);
        String connection = api.post("/api/v1/connections", Map.of("name", "demo-salesforce-" + suffix,
                "homeEndpointId", warehouse, "remoteEndpointId", salesforce)).path("id").asText();
        String integration = api.post("/api/v1/integrations", Map.of("name", "demo-sf-contacts-" + suffix,
                "description", "Salesforce Contacts into the warehouse (crmsync demo)", "connectionId", connection,
                "points", List.of(salesforceContactsPoint()))).path("id").asText();
        api.post("/api/v1/integrations/" + integration + "/activate", Map.of());
        String hubspot = api.post("/api/v1/endpoints", Map.of("name", "demo-hubspot-" + suffix, "type", "hubspot",
                "settings", Map.of("baseUrl", crm.baseUrl(), "authFlow", "private_app"))).path("id").asText();
        api.put("/api/v1/endpoints/" + hubspot + "/credential", Map.of("secrets", Map.of("accessToken", clientSecret)));
        String outbound = api.post("/api/v1/connections", Map.of("name", "demo-hubspot-" + suffix,
                "homeEndpointId", warehouse, "remoteEndpointId", hubspot)).path("id").asText();
        String toHubSpot = api.post("/api/v1/integrations", Map.of("name", "demo-hs-contacts-" + suffix,
                "description", "Warehouse contacts into HubSpot (crmsync demo)", "connectionId", outbound,
                "points", List.of(hubSpotContactsPoint()))).path("id").asText();
        api.post("/api/v1/integrations/" + toHubSpot + "/activate", Map.of());

        // A full run copies what exists; incremental runs after it read what changed since (an activated
        // integration does not backfill by itself).
        report("Salesforce -> PostgreSQL, run 1 (first copy)", awaitRun(trigger(integration, "full")));
        report("PostgreSQL -> HubSpot,    run 1 (first copy)", awaitRun(trigger(toHubSpot, "full")));

        int changed = crm.salesforce().touchContacts(100);
        for (int i = 1; i <= 3; i++) {
            crm.salesforce().insert("Contact", Map.of("LastName", "Broken " + i, "Email", "broken" + i + ".example.com",
                    "External_Id__c", "C-BROKEN-" + i));
        }
        out.printf("demo: changed %d contacts in Salesforce and added 3 whose e-mail the warehouse refuses%n", changed);
        JsonNode second = awaitRun(trigger(integration, "incremental"));
        report("Salesforce -> PostgreSQL, run 2 (incremental)", second);
        JsonNode exceptions = api.get("/api/v1/exceptions?runId=" + second.path("id").asText());
        for (JsonNode message : exceptions.path("items")) {
            out.printf("  exception %s: %s (%d records) -> GET /api/v1/exceptions/%s/items%n",
                    message.path("code").asText(), message.path("message").asText(),
                    message.path("itemCount").asLong(), message.path("id").asText());
        }
        report("PostgreSQL -> HubSpot,    run 2 (incremental)", awaitRun(trigger(toHubSpot, "incremental")));
        return integration;
    }

    /** Warehouse contacts upserted into HubSpot by the unique property external_id, incremental on modified. */
    static Map<String, Object> hubSpotContactsPoint() {
        Map<String, String> copied = new LinkedHashMap<>();
        copied.put("external_id", "external_id");
        copied.put("email", "email");
        copied.put("firstname", "first_name");
        copied.put("lastname", "last_name");
        copied.put("phone", "phone");
        copied.put("city", "city");
        return upsertPoint("outbound", "sf_contacts", "contacts", "external_id", "modified", copied);
    }

    /** A contacts point as the admin REST API takes it: upsert on one key, incremental on the cursor field. */
    private static Map<String, Object> upsertPoint(String direction, String sourceObject, String targetObject,
            String matchKey, String cursorField, Map<String, String> sourceByTarget) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("name", "contacts");
        point.put("direction", direction);
        point.put("sourceObject", sourceObject);
        point.put("targetObject", targetObject);
        point.put("operation", "upsert");
        point.put("matchKey", List.of(matchKey));
        point.put("cursorField", cursorField);
        point.put("fieldRules", sourceByTarget.entrySet().stream()
                .map(e -> Map.of("targetField", e.getKey(), "sourceField", e.getValue())).toList());
        return point;
    }

    /** Contacts upserted on the Salesforce Id, incremental on SystemModstamp (what replication uses). */
    static Map<String, Object> salesforceContactsPoint() {
        Map<String, String> copied = new LinkedHashMap<>();
        copied.put("sf_id", "Id");
        copied.put("external_id", "External_Id__c");
        copied.put("first_name", "FirstName");
        copied.put("last_name", "LastName");
        copied.put("email", "Email");
        copied.put("phone", "Phone");
        copied.put("title", "Title");
        copied.put("city", "MailingCity");
        copied.put("modified", "SystemModstamp");
        return upsertPoint("inbound", "Contact", "sf_contacts", "sf_id", "SystemModstamp", copied);
    }

    private String postgres(String name, String database) throws IOException, InterruptedException {
        String id = api.post("/api/v1/endpoints", Map.of("name", name, "type", "postgresql",
                "settings", Map.of("jdbcUrl", db.urlOf(database), "username", db.user()))).path("id").asText();
        api.put("/api/v1/endpoints/" + id + "/credential", Map.of("secrets", Map.of("password", db.password())));
        return id;
    }

    private String trigger(String integration, String mode) throws IOException, InterruptedException {
        return api.post("/api/v1/integrations/" + integration + "/runs", Map.of("mode", mode)).path("id").asText();
    }

    private JsonNode awaitRun(String runId) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (Instant.now().isBefore(deadline)) {
            JsonNode run = api.get("/api/v1/runs/" + runId);
            if (FINAL_STATES.contains(run.path("state").asText())) {
                return run;
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("run " + runId + " did not finish within 5 minutes");
    }

    private void report(String label, JsonNode run) {
        JsonNode c = run.path("counts");
        Duration took = Duration.between(Instant.parse(run.path("createTime").asText()),
                Instant.parse(run.path("endTime").asText()));
        out.printf("%s: %s in %d ms - read %d, created %d, updated %d, unchanged %d, rejected %d  (GET /api/v1/runs/%s)%n",
                label, run.path("state").asText(), took.toMillis(), c.path("read").asLong(),
                c.path("created").asLong(), c.path("updated").asLong(), c.path("unchanged").asLong(),
                c.path("rejected").asLong(), run.path("id").asText());
        if (run.hasNonNull("errorMessage") && !run.path("errorMessage").asText().isEmpty()) {
            out.println("  error: " + run.path("errorMessage").asText());
        }
    }
}
