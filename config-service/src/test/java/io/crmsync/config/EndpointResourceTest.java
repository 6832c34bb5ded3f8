package io.crmsync.config;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.put;
import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;

@QuarkusTest
class EndpointResourceTest {

    @Test
    void shouldCreateReadUpdateAndDeleteAnEndpoint() {
        // given
        String name = unique("crm-db");
        // when
        ExtractableResponse<Response> created = post("/api/v1/endpoints", """
                {"name": "%s", "type": "postgresql",
                 "settings": {"jdbcUrl": "jdbc:postgresql://db:5432/crm?sslmode=require", "username": "sync"}}
                """.formatted(name)).statusCode(201).extract();
        String id = created.path("id");
        // then
        assertThat(created.header("Location")).endsWith("/api/v1/endpoints/" + id);
        given().get("/api/v1/endpoints/" + id).then().statusCode(200)
                .body("name", equalTo(name))
                .body("type", equalTo("postgresql"))
                .body("settings.jdbcUrl", equalTo("jdbc:postgresql://db:5432/crm?sslmode=require"))
                .body("settings.username", equalTo("sync"))
                .body("credentialStatus", equalTo("NOT_CONNECTED"))
                .body("version", equalTo(1))
                .body("createTime", notNullValue());

        // when
        put("/api/v1/endpoints/" + id, """
                {"name": "%s-renamed", "settings": {"jdbcUrl": "jdbc:postgresql://db2:5432/crm", "username": "etl"}}
                """.formatted(name)).statusCode(200)
                // then
                .body("name", equalTo(name + "-renamed"))
                .body("settings.username", equalTo("etl"))
                .body("version", equalTo(2));

        // when
        given().delete("/api/v1/endpoints/" + id).then().statusCode(204);
        // then
        assertProblem(given().get("/api/v1/endpoints/" + id).then(), 404, "config.endpoint_not_found", null);
    }

    @Test
    void shouldStoreOtherTypesWithFreeSettings() {
        // given / when
        post("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"instanceUrl": "https://example.my.salesforce.com",
                 "apiVersion": "v61.0", "clientId": "3MVG9"}}
                """.formatted(unique("sf"))).statusCode(201)
                // then
                .body("type", equalTo("salesforce"))
                .body("settings.clientId", equalTo("3MVG9"));
    }

    @Test
    void shouldNameTheFieldWhenTheNameIsMissing() {
        assertProblem(post("/api/v1/endpoints", """
                {"type": "csv", "settings": {}}
                """), 400, "crmsync.invalid_argument", "name");
    }

    @Test
    void shouldCheckTheSettingsOfEachType() {
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "hubspot", "settings": {"portalID": "4711"}}
                """.formatted(unique("hs"))), 400, "crmsync.invalid_argument", "settings.portalID")
                .body("detail", containsString("known: authFlow, baseUrl, clientId, portalId"));
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "hubspot", "settings": {"portalId": "abc"}}
                """.formatted(unique("hs"))), 400, "crmsync.invalid_argument", "settings.portalId");
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "hubspot", "settings": {"searchLagSeconds": "2m"}}
                """.formatted(unique("hs"))), 400, "crmsync.invalid_argument", "settings.searchLagSeconds");
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"clientId": "3MVG9"}}
                """.formatted(unique("sf"))), 400, "crmsync.invalid_argument", "settings.loginUrl");
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"loginUrl": "https://login.salesforce.com",
                 "authFlow": "password"}}
                """.formatted(unique("sf"))), 400, "crmsync.invalid_argument", "settings.authFlow")
                .body("detail", containsString("client_credentials, jwt_bearer, refresh_token"));
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "dynamics", "settings": {"url": "ftp://org.crm.dynamics.com"}}
                """.formatted(unique("dyn"))), 400, "crmsync.invalid_argument", "settings.url");
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "csv", "settings": {"path": "/data/in", "delimiter": ";;"}}
                """.formatted(unique("csv"))), 400, "crmsync.invalid_argument", "settings.delimiter");
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "dynamics", "settings": {"url": "https://org.crm.dynamics.com",
                 "authorityUrl": "http://login.microsoftonline.com"}}
                """.formatted(unique("dyn"))), 400, "crmsync.invalid_argument", "settings.authorityUrl");
        post("/api/v1/endpoints", """
                {"name": "%s", "type": "dynamics", "settings": {"url": "https://org.crm.dynamics.com",
                 "tenantId": "72f988bf-86f1-41af-91ab-2d7cd011db47", "clientId": "app-1", "apiVersion": "v9.2",
                 "authorityUrl": "https://login.microsoftonline.us"}}
                """.formatted(unique("dyn"))).statusCode(201);
    }

    @Test
    void shouldRefuseInternalHostsThatAreNotAllowListed() {
        // The test profile allow-lists "localhost" only.
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "postgresql",
                 "settings": {"jdbcUrl": "jdbc:postgresql://169.254.169.254:5432/x", "username": "u"}}
                """.formatted(unique("ssrf"))), 400, "crmsync.invalid_argument", "settings.jdbcUrl")
                .body("detail", containsString("link-local"));
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "postgresql",
                 "settings": {"jdbcUrl": "jdbc:postgresql://db.example.com,10.0.0.7:5432/x", "username": "u"}}
                """.formatted(unique("ssrf"))), 400, "crmsync.invalid_argument", "settings.jdbcUrl")
                .body("detail", containsString("private"));
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"instanceUrl": "http://127.0.0.1:8080"}}
                """.formatted(unique("ssrf"))), 400, "crmsync.invalid_argument", "settings.instanceUrl");
        // Plain http only for an allow-listed host (a local CRM emulator), never across the internet.
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"loginUrl": "http://login.salesforce.com"}}
                """.formatted(unique("ssrf"))), 400, "crmsync.invalid_argument", "settings.loginUrl")
                .body("detail", containsString("must be an https URL"));
        post("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"loginUrl": "http://localhost:8089"}}
                """.formatted(unique("ssrf"))).statusCode(201);
        post("/api/v1/endpoints", """
                {"name": "%s", "type": "postgresql",
                 "settings": {"jdbcUrl": "jdbc:postgresql://localhost:5432/x", "username": "u"}}
                """.formatted(unique("ssrf"))).statusCode(201);
    }

    @Test
    void shouldRefuseTextTheDatabaseCannotStoreWithA400() {
        // PostgreSQL text and jsonb cannot hold NUL characters.
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s\\u0000", "type": "csv", "settings": {}}
                """.formatted(unique("nul"))), 400, "crmsync.invalid_argument", "body");
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "csv", "settings": {"path": "a\\u0000b"}}
                """.formatted(unique("nul"))), 400, "crmsync.invalid_argument", "body");
    }

    @Test
    void shouldNameTheFieldWhenTheTypeIsUnknown() {
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "oracle", "settings": {}}
                """.formatted(unique("x"))), 400, "crmsync.invalid_argument", "type")
                .body("detail", containsString("postgresql, mariadb, salesforce, hubspot, dynamics, csv"));
    }

    @Test
    void shouldNameTheFieldWhenTheTypeIsMissing() {
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "settings": {}}
                """.formatted(unique("x"))), 400, "crmsync.invalid_argument", "type");
    }

    @Test
    void shouldRefuseAJdbcUrlOfAnotherDatabase() {
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "mariadb", "settings": {"jdbcUrl": "jdbc:postgresql://db/crm", "username": "u"}}
                """.formatted(unique("maria"))), 400, "crmsync.invalid_argument", "settings.jdbcUrl")
                .body("detail", containsString("jdbc:mariadb://"));
    }

    @Test
    void shouldRequireJdbcUrlAndUsernameForSqlEndpoints() {
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "postgresql", "settings": {"username": "u"}}
                """.formatted(unique("pg"))), 400, "crmsync.invalid_argument", "settings.jdbcUrl");
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "postgresql", "settings": {"jdbcUrl": "jdbc:postgresql://db/crm"}}
                """.formatted(unique("pg"))), 400, "crmsync.invalid_argument", "settings.username");
    }

    @Test
    void shouldRefuseAPasswordInTheJdbcUrlWithoutRepeatingIt() {
        // given
        List<String> urls = List.of("jdbc:postgresql://db/crm?user=u&password=Hunter2x",
                "jdbc:postgresql://db/crm?sslmode=require&sslpassword=Hunter2x",
                "jdbc:mariadb://u:Hunter2x@db/crm");
        for (String url : urls) {
            String type = url.startsWith("jdbc:mariadb") ? "mariadb" : "postgresql";
            // when
            String body = assertProblem(post("/api/v1/endpoints", """
                    {"name": "%s", "type": "%s", "settings": {"jdbcUrl": "%s", "username": "u"}}
                    """.formatted(unique("pg"), type, url)), 400, "crmsync.invalid_argument", "settings.jdbcUrl")
                    .body("detail", containsString("credential"))
                    .extract().asString();
            // then
            assertThat(body).doesNotContain("Hunter2x");
        }
    }

    @Test
    void shouldRefuseSecretsAmongSettings() {
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"clientSecret": "abc"}}
                """.formatted(unique("sf"))), 400, "crmsync.invalid_argument", "settings.clientSecret");
    }

    @Test
    void shouldRefuseADuplicateName() {
        // given
        String name = unique("dup");
        post("/api/v1/endpoints", """
                {"name": "%s", "type": "csv", "settings": {}}
                """.formatted(name)).statusCode(201);
        // when / then
        assertProblem(post("/api/v1/endpoints", """
                {"name": "%s", "type": "csv", "settings": {}}
                """.formatted(name)), 409, "config.endpoint_name_taken", "name");
    }

    @Test
    void shouldRefuseToChangeTheType() {
        // given
        String id = Fixtures.postgresEndpoint();
        // when / then
        assertProblem(put("/api/v1/endpoints/" + id, """
                {"name": "%s", "type": "mariadb", "settings": {"jdbcUrl": "jdbc:mariadb://db/crm", "username": "u"}}
                """.formatted(unique("x"))), 400, "crmsync.invalid_argument", "type");
    }

    @Test
    void shouldAnswer404ForUnknownAnd400ForMalformedIds() {
        assertProblem(given().get("/api/v1/endpoints/" + UUID.randomUUID()).then(), 404, "config.endpoint_not_found",
                null);
        assertProblem(put("/api/v1/endpoints/" + UUID.randomUUID(), """
                {"name": "x", "settings": {}}
                """), 404, "config.endpoint_not_found", null);
        assertProblem(given().delete("/api/v1/endpoints/" + UUID.randomUUID()).then(), 404,
                "config.endpoint_not_found", null);
        assertProblem(given().get("/api/v1/endpoints/not-a-uuid").then(), 400, "crmsync.invalid_argument", "id");
    }

    @Test
    void shouldRefuseToDeleteAnEndpointAConnectionUses() {
        // given
        String home = Fixtures.postgresEndpoint();
        Fixtures.connection(home, Fixtures.hubspotEndpoint());
        // when / then
        assertProblem(given().delete("/api/v1/endpoints/" + home).then(), 409, "config.endpoint_in_use", null);
        given().get("/api/v1/endpoints/" + home).then().statusCode(200);
    }

    @Test
    void shouldPageThroughAllEndpoints() {
        // given
        for (int i = 0; i < 3; i++) {
            Fixtures.postgresEndpoint();
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        int pages = 0;
        // when
        do {
            var request = given().queryParam("pageSize", 2);
            if (token != null) {
                request.queryParam("pageToken", token);
            }
            ExtractableResponse<Response> page = request.get("/api/v1/endpoints").then().statusCode(200)
                    .body("items.size()", lessThanOrEqualTo(2)).extract();
            List<String> ids = page.path("items.id");
            seen.addAll(ids);
            token = page.path("nextPageToken");
            pages++;
        } while (token != null && pages < 1000);
        // then
        int total = given().queryParam("pageSize", 500).get("/api/v1/endpoints").then().extract().path("items.size()");
        assertThat(seen).hasSize(total);
        assertThat(pages).isGreaterThanOrEqualTo(2);
    }

    @Test
    void shouldNameTheParameterWhenPagingIsMalformed() {
        Fixtures.postgresEndpoint();
        assertProblem(given().queryParam("pageSize", "many").get("/api/v1/endpoints").then(), 400,
                "crmsync.invalid_argument", "pageSize");
        assertProblem(given().queryParam("pageToken", "%%%").get("/api/v1/endpoints").then(), 400,
                "crmsync.invalid_argument", "pageToken");
        given().queryParam("pageSize", 1).get("/api/v1/endpoints").then().statusCode(200).body("items", hasSize(1));
    }
}
