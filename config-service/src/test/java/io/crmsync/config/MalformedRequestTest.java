package io.crmsync.config;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * Feeds every writing endpoint hundreds of generated malformed requests: each field of a valid body replaced by
 * values of every wrong kind or removed, plus broken raw bodies. Every answer must be a 4xx problem (or a
 * success where the value happens to be acceptable), never a 5xx.
 */
@QuarkusTest
class MalformedRequestTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Test
    void shouldAnswerEveryMalformedRequestWithoutA5xx() throws Exception {
        // given
        String endpoint = Fixtures.postgresEndpoint();
        String connection = Fixtures.connection();
        String integration = Fixtures.integration(connection);
        String point = given().contentType(ContentType.JSON).body(Fixtures.pointBody("p"))
                .post("/api/v1/integrations/" + integration + "/points").then().statusCode(201).extract().path("id");
        Map<String, String> targets = new java.util.LinkedHashMap<>(Map.of(
                "POST /api/v1/endpoints", """
                        {"name": "fuzz", "type": "postgresql",
                         "settings": {"jdbcUrl": "jdbc:postgresql://localhost:5432/crm", "username": "sync"}}""",
                "PUT /api/v1/endpoints/" + endpoint, """
                        {"name": "fuzz-2", "settings": {"jdbcUrl": "jdbc:postgresql://localhost:5432/crm",
                         "username": "sync"}}""",
                "PUT /api/v1/endpoints/" + endpoint + "/credential", """
                        {"secrets": {"password": "pw"}}""",
                "POST /api/v1/connections", """
                        {"name": "fuzz-c", "homeEndpointId": "%s", "remoteEndpointId": "%s"}"""
                        .formatted(endpoint, Fixtures.hubspotEndpoint()),
                "POST /api/v1/integrations", """
                        {"name": "fuzz-i", "connectionId": "%s", "failureThreshold": 5, "points": [%s]}"""
                        .formatted(connection, Fixtures.pointBody("q")),
                "PUT /api/v1/integrations/" + integration, """
                        {"name": "fuzz-j", "connectionId": "%s", "allowNewRecords": true}""".formatted(connection),
                "POST /api/v1/integrations/" + integration + "/points", Fixtures.pointBody("r"),
                "PUT /api/v1/integrations/" + integration + "/points/" + point, Fixtures.pointBody("p"),
                "POST /api/v1/integrations/" + integration + "/runs", """
                        {"mode": "full", "idempotencyKey": "k-1"}"""));
        // Every part a field rule can have, so each is replaced by every wrong kind of value.
        targets.put("POST /api/v1/integrations/" + Fixtures.integration(connection) + "/points", """
                {"name": "rich", "direction": "inbound", "sourceObject": "Contact", "targetObject": "public.contacts",
                 "operation": "upsert", "matchKey": ["external_id"], "cursorField": "LastModifiedDate",
                 "fieldRules": [{"targetField": "external_id", "sourceField": "Id"},
                   {"targetField": "email", "expression": "Email == null ? '' : Email.lowerAscii()", "note": "n"},
                   {"targetField": "owner_name", "sourceField": "Owner.Name", "conversion": "raw",
                    "multiValue": {"sourceDelimiter": ";", "targetDelimiter": ","},
                    "lookup": {"name": "owners", "unmapped": "default", "default": "x"}},
                   {"targetField": "active_since", "sourceField": "LastModifiedDate", "conversion": "date_only",
                    "sourceFormat": {"date": "dd/MM/yyyy", "decimalSeparator": ",", "groupingSeparator": "."}}]}""");
        targets.put("POST /api/v1/config/import", """
                {"endpoints": [], "connections": [],
                 "lookups": [{"name": "fuzz-codes", "description": "d", "rows": [{"source": "a", "target": "1"}]}],
                 "integrations": []}""");

        // when
        List<String> failures = new ArrayList<>();
        int sent = 0;
        for (Map.Entry<String, String> target : targets.entrySet()) {
            String[] methodAndPath = target.getKey().split(" ", 2);
            for (byte[] body : malformedBodies(JSON.readTree(target.getValue()))) {
                Response response = given().contentType(ContentType.JSON).body(body)
                        .request(methodAndPath[0], methodAndPath[1]);
                sent++;
                if (response.statusCode() >= 500 || (response.statusCode() >= 400
                        && !String.valueOf(response.contentType()).startsWith("application/problem+json"))) {
                    failures.add(target.getKey() + " <- " + abbreviate(body) + " -> " + response.statusCode());
                }
            }
        }

        // then
        assertThat(sent).isGreaterThan(400);
        assertThat(failures).isEmpty();
    }

    /** Every field replaced by each wrong kind of value or removed, then broken raw bodies. */
    private static List<byte[]> malformedBodies(JsonNode valid) throws Exception {
        List<byte[]> bodies = new ArrayList<>();
        List<JsonNode> replacements = List.of(NODES.nullNode(), NODES.numberNode(-1),
                NODES.numberNode(new java.math.BigDecimal("1e400")), NODES.textNode(""),
                NODES.textNode("x".repeat(100_000)), NODES.textNode("nul\u0000byte"), NODES.textNode("'; DROP TABLE x;--"),
                NODES.arrayNode(), NODES.arrayNode().add(NODES.nullNode()), NODES.objectNode(), NODES.booleanNode(true));
        for (List<Object> path : paths(valid, new ArrayList<>())) {
            for (JsonNode replacement : replacements) {
                bodies.add(JSON.writeValueAsBytes(replaced(valid, path, replacement)));
            }
            bodies.add(JSON.writeValueAsBytes(replaced(valid, path, null)));
        }
        byte[] text = JSON.writeValueAsBytes(valid);
        bodies.add(new byte[0]);
        bodies.add("{".getBytes(StandardCharsets.UTF_8));
        bodies.add(java.util.Arrays.copyOf(text, text.length / 2));
        bodies.add("[]".getBytes(StandardCharsets.UTF_8));
        bodies.add("null".getBytes(StandardCharsets.UTF_8));
        bodies.add("not json at all".getBytes(StandardCharsets.UTF_8));
        bodies.add(new byte[] { '{', '"', 'n', 'a', 'm', 'e', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}' });
        bodies.add(("[".repeat(5_000) + "]".repeat(5_000)).getBytes(StandardCharsets.UTF_8));
        return bodies;
    }

    /** Paths (field names and array indexes) to every value in the tree, containers included. */
    private static List<List<Object>> paths(JsonNode node, List<Object> prefix) {
        List<List<Object>> paths = new ArrayList<>();
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
                String name = names.next();
                List<Object> path = new ArrayList<>(prefix);
                path.add(name);
                paths.add(path);
                paths.addAll(paths(node.get(name), path));
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> path = new ArrayList<>(prefix);
                path.add(i);
                paths.add(path);
                paths.addAll(paths(node.get(i), path));
            }
        }
        return paths;
    }

    /** A copy of {@code root} with the value at {@code path} replaced, or removed when {@code value} is null. */
    private static JsonNode replaced(JsonNode root, List<Object> path, JsonNode value) {
        JsonNode copy = root.deepCopy();
        JsonNode parent = copy;
        for (Object step : path.subList(0, path.size() - 1)) {
            parent = step instanceof Integer i ? parent.get(i) : parent.get((String) step);
        }
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode object) {
            if (value == null) {
                object.remove((String) last);
            } else {
                object.set((String) last, value);
            }
        } else if (parent instanceof ArrayNode array) {
            if (value == null) {
                array.remove((Integer) last);
            } else {
                array.set((Integer) last, value);
            }
        }
        return copy;
    }

    private static String abbreviate(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
