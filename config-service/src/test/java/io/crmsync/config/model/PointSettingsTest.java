package io.crmsync.config.model;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** sourceFields, orderBy, recordIds, accountField and the rules of each operation. */
@QuarkusTest
class PointSettingsTest {

    /** The fixture point with extra JSON members (without braces) added. */
    static String pointWith(String extra) {
        String body = Fixtures.pointBody("p").trim();
        return body.substring(0, body.length() - 1) + ", " + extra + "}";
    }

    static String points(String integrationId) {
        return "/api/v1/integrations/" + integrationId + "/points";
    }

    @Test
    void shouldStoreAndReturnThePointSettings() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        // when
        String point = post(points(integration), pointWith("""
                "sourceFields": ["Id", "Account.Name", "Phone"],
                "orderBy": [{"field": "LastModifiedDate"}, {"field": "Id", "direction": "desc"}],
                "recordIds": ["003A", "003B"], "accountField": "AccountId", "sensitiveFields": ["Birthdate", "SSN__c"]
                """)).statusCode(201).extract().path("id");
        // then
        given().get(points(integration) + "/" + point).then().statusCode(200)
                .body("sourceFields", contains("Id", "Account.Name", "Phone"))
                .body("orderBy.field", contains("LastModifiedDate", "Id"))
                .body("orderBy.direction", contains("asc", "desc"))
                .body("recordIds", contains("003A", "003B"))
                .body("accountField", equalTo("AccountId"))
                .body("sensitiveFields", contains("Birthdate", "SSN__c"));
    }

    @Test
    void shouldRefuseASensitiveFieldListedTwice() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        // when / then
        assertProblem(post(points(integration), pointWith("\"sensitiveFields\": [\"SSN__c\", \"SSN__c\"]")),
                400, "crmsync.invalid_argument", "sensitiveFields[1]");
    }

    @Test
    void shouldLeaveRecordIdsOutWhenThePointUsesAFilter() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        // when / then
        post(points(integration), pointWith("\"recordIds\": []")).statusCode(201)
                .body("$", not(hasKey("recordIds")))
                .body("sourceFields", empty())
                .body("orderBy", empty())
                .body("sensitiveFields", empty());
    }

    @Test
    void shouldRefuseAFilterTogetherWithRecordIds() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        // when / then
        assertProblem(post(points(integration), pointWith("\"recordIds\": [\"003A\"], \"filter\": \"Email IS NOT NULL\"")),
                400, "crmsync.invalid_argument", "filter").body("detail", containsString("recordIds"));
    }

    @Test
    void shouldAcceptTenThousandRecordIdsAndRefuseOneMore() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String tenThousand = IntStream.range(0, 10_000).mapToObj(i -> "\"r" + i + "\"").collect(Collectors.joining(","));
        // when / then
        post(points(integration), pointWith("\"recordIds\": [" + tenThousand + "]")).statusCode(201);
        assertProblem(post(points(integration), pointWith("\"recordIds\": [" + tenThousand + ", \"one-more\"]")
                .replace("\"name\": \"p\"", "\"name\": \"q\"")), 400, "crmsync.invalid_argument", "recordIds");
    }

    @ParameterizedTest
    @ValueSource(strings = { "upsert", "update_only", "delete" })
    void shouldRequireAMatchKeyForOperationsThatFindTheTargetRecord(String operation) {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String body = Fixtures.pointBody("p").replace("\"upsert\"", "\"" + operation + "\"")
                .replace("\"matchKey\": [\"external_id\"],", "");
        // when / then
        assertProblem(post(points(integration), body), 400, "crmsync.invalid_argument", "matchKey")
                .body("detail", containsString(operation));
    }

    @Test
    void shouldLetInsertOnlyOmitTheMatchKey() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String body = Fixtures.pointBody("p").replace("\"upsert\"", "\"insert_only\"")
                .replace("\"matchKey\": [\"external_id\"],", "");
        // when / then
        post(points(integration), body).statusCode(201).body("matchKey", empty());
    }

    @Test
    void shouldRequireACursorFieldForImportDeleted() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String body = Fixtures.pointBody("p").replace("\"upsert\"", "\"import_deleted\"")
                .replace("\"cursorField\": \"LastModifiedDate\",", "");
        // when / then
        assertProblem(post(points(integration), body), 400, "crmsync.invalid_argument", "cursorField")
                .body("detail", containsString("import_deleted"));
    }

    @Test
    void shouldAcceptImportDeletedWithCursorAndKeyButNotWithRecordIds() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String body = Fixtures.pointBody("p").replace("\"upsert\"", "\"import_deleted\"");
        // when / then
        post(points(integration), body).statusCode(201).body("operation", equalTo("import_deleted"));
        assertProblem(post(points(integration), pointWith("\"recordIds\": [\"1\"]").replace("\"upsert\"",
                "\"import_deleted\"").replace("\"name\": \"p\"", "\"name\": \"q\"")), 400,
                "crmsync.invalid_argument", "recordIds");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"sourceFields\": [\"Id\", \"Id\"] | sourceFields[1]",
            "\"sourceFields\": [\"Owner Name\"] | sourceFields[0]",
            "\"sourceFields\": [\"\"] | sourceFields[0]",
            "\"sourceFields\": \"Id\" | sourceFields",
            "\"orderBy\": [{\"field\": \"Id\"}, {\"field\": \"Id\", \"direction\": \"desc\"}] | orderBy[1].field",
            "\"orderBy\": [{\"field\": \"Id\", \"direction\": \"up\"}] | orderBy[0].direction",
            "\"orderBy\": [{\"direction\": \"asc\"}] | orderBy[0].field",
            "\"orderBy\": [{\"field\": \"Id; DROP\"}] | orderBy[0].field",
            "\"orderBy\": [null] | orderBy[0]",
            "\"orderBy\": [\"Id\"] | orderBy[0]",
            "\"recordIds\": [\"1\", \"1\"] | recordIds[1]",
            "\"recordIds\": [\" \"] | recordIds[0]",
            "\"recordIds\": [{}] | recordIds[0]",
            "\"accountField\": \"Account Id\" | accountField",
            "\"accountField\": [] | accountField" })
    void shouldNameThePointFieldAtFault(String extra, String field) {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        // when / then
        assertProblem(post(points(integration), pointWith(extra)), 400, "crmsync.invalid_argument", field);
    }

    @Test
    void shouldNameNestedPointSettingsOnCreate() {
        // when / then
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "points": [%s, %s]}
                """.formatted(Fixtures.unique("int"), Fixtures.connection(), Fixtures.pointBody("a"),
                pointWith("\"orderBy\": [{\"field\": \"Id\", \"direction\": \"sideways\"}]")
                        .replace("\"name\": \"p\"", "\"name\": \"b\""))),
                400, "crmsync.invalid_argument", "points[1].orderBy[0].direction");
    }
}
