package io.crmsync.config;

import static io.restassured.RestAssured.given;

import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Creates resources through the REST API, with names unique per call so tests never collide. */
public final class Fixtures {

    private Fixtures() {
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static String postgresEndpoint() {
        return create("/api/v1/endpoints", """
                {"name": "%s", "type": "postgresql",
                 "settings": {"jdbcUrl": "jdbc:postgresql://localhost:5432/crm", "username": "sync"}}
                """.formatted(unique("pg")));
    }

    public static String hubspotEndpoint() {
        return create("/api/v1/endpoints", """
                {"name": "%s", "type": "hubspot", "settings": {"portalId": "4711"}}
                """.formatted(unique("hubspot")));
    }

    public static String connection(String homeEndpointId, String remoteEndpointId) {
        return create("/api/v1/connections", """
                {"name": "%s", "homeEndpointId": "%s", "remoteEndpointId": "%s"}
                """.formatted(unique("conn"), homeEndpointId, remoteEndpointId));
    }

    public static String connection() {
        return connection(postgresEndpoint(), hubspotEndpoint());
    }

    /** An inactive integration without points. */
    public static String integration(String connectionId) {
        return create("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s"}
                """.formatted(unique("int"), connectionId));
    }

    /** A valid inbound upsert point body named {@code name}. */
    public static String pointBody(String name) {
        return """
                {"name": "%s", "direction": "inbound", "sourceObject": "Contact", "targetObject": "public.contacts",
                 "operation": "upsert", "matchKey": ["external_id"], "cursorField": "LastModifiedDate",
                 "fieldRules": [{"targetField": "external_id", "sourceField": "Id"},
                                {"targetField": "email", "sourceField": "Email"},
                                {"targetField": "owner_name", "sourceField": "Owner.Name", "note": "related"},
                                {"targetField": "origin", "constant": "crm"}]}
                """.formatted(name);
    }

    public static String addPoint(String integrationId, String name) {
        return create("/api/v1/integrations/" + integrationId + "/points", pointBody(name));
    }

    /** An active integration with two points on a fresh connection. */
    public static String activeIntegration() {
        String integrationId = integration(connection());
        addPoint(integrationId, "contacts");
        addPoint(integrationId, "accounts");
        given().post("/api/v1/integrations/" + integrationId + "/activate").then().statusCode(200);
        return integrationId;
    }

    public static String create(String path, String body) {
        return post(path, body).statusCode(201).extract().path("id");
    }

    public static ValidatableResponse post(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).post(path).then();
    }

    public static ValidatableResponse put(String path, String body) {
        return given().contentType(ContentType.JSON).body(body).put(path).then();
    }
}
