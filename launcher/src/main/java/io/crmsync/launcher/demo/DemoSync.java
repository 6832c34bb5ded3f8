package io.crmsync.launcher.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.launcher.postgres.DatabaseServer;

/**
 * The demo an admin would click through: two PostgreSQL endpoints, a connection, an integration
 * syncing CRM-like contacts into a warehouse table, then two runs — a first full copy, and an
 * incremental one after some contacts changed and a few with invalid e-mails appeared.
 */
public final class DemoSync {

    static final String SOURCE_DB = "crmsync_demo_crm";
    static final String TARGET_DB = "crmsync_demo_warehouse";
    private static final Set<String> FINAL_STATES = Set.of("SUCCEEDED", "PARTIAL", "FAILED", "CANCELLED");

    private final DatabaseServer db;
    private final AdminApi api;
    private final PrintStream out;

    public DemoSync(DatabaseServer db, AdminApi api, PrintStream out) {
        this.db = db;
        this.api = api;
        this.out = out;
    }

    /** Runs the demo and returns the id of the integration it created. */
    public String run(int rows) throws SQLException, IOException, InterruptedException {
        db.ensureDatabase(SOURCE_DB);
        db.ensureDatabase(TARGET_DB);
        try (Connection source = db.connect(SOURCE_DB); Connection target = db.connect(TARGET_DB)) {
            DemoData.createSource(source, rows);
            DemoData.createTarget(target);
        }
        out.printf("demo: %,d contacts in %s.contacts -> %s.crm_contacts%n", rows, SOURCE_DB, TARGET_DB);

        String suffix = Long.toString(System.currentTimeMillis(), 36);
        String crm = endpoint("demo-crm-" + suffix, SOURCE_DB);
        String warehouse = endpoint("demo-warehouse-" + suffix, TARGET_DB);
        String connection = api.post("/api/v1/connections", Map.of("name", "demo-" + suffix,
                "homeEndpointId", warehouse, "remoteEndpointId", crm)).path("id").asText();
        String integration = api.post("/api/v1/integrations", integrationBody("demo-contacts-" + suffix, connection))
                .path("id").asText();
        api.post("/api/v1/integrations/" + integration + "/activate", Map.of());

        // A full run copies what exists; incremental runs after it read what changed since (an activated
        // integration does not backfill by itself).
        report("run 1 (first copy)", awaitRun(trigger(integration, "full")));

        try (Connection source = db.connect(SOURCE_DB)) {
            int touched = DemoData.touchContacts(source, 100, 7);
            DemoData.insertContacts(source, rows + 1L, 3, Instant.now(), true);
            out.printf("demo: changed %d contacts and added 3 whose e-mail the target refuses%n", touched);
        }
        JsonNode second = awaitRun(trigger(integration, "incremental"));
        report("run 2 (incremental)", second);
        JsonNode exceptions = api.get("/api/v1/exceptions?runId=" + second.path("id").asText());
        for (JsonNode message : exceptions.path("items")) {
            out.printf("  exception %s: %s (%d records) -> GET /api/v1/exceptions/%s/items%n",
                    message.path("code").asText(), message.path("message").asText(),
                    message.path("itemCount").asLong(), message.path("id").asText());
        }
        return integration;
    }

    private String endpoint(String name, String database) throws IOException, InterruptedException {
        String id = api.post("/api/v1/endpoints", Map.of("name", name, "type", "postgresql",
                "settings", Map.of("jdbcUrl", db.urlOf(database), "username", db.user()))).path("id").asText();
        api.put("/api/v1/endpoints/" + id + "/credential", Map.of("secrets", Map.of("password", db.password())));
        return id;
    }

    private static Map<String, Object> integrationBody(String name, String connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("description", "CRM contacts into the warehouse (crmsync demo)");
        body.put("connectionId", connection);
        body.put("points", List.of(DemoData.contactsPoint()));
        return body;
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
