package io.crmsync.config;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.put;
import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.ConfigServiceGrpc;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The query object rule (filter) of points through REST and gRPC. */
@QuarkusTest
class PointFilterResourceTest {

    private static final String FILTER = "AccountType__c = \"customer\" AND Status__c IN (\"Active\", 'Disabled') "
            + "AND (Score >= 10 OR Owner.Name LIKE \"A%\") AND Email IS NOT NULL";

    @GrpcClient("config")
    ConfigServiceGrpc.ConfigServiceBlockingStub config;

    @Test
    void shouldStoreTheFilterTextAndServeItsTreeOverGrpc() {
        // given: inbound, so the source is the salesforce remote endpoint
        String integration = Fixtures.integration(Fixtures.connection(Fixtures.postgresEndpoint(), salesforce()));
        String path = "/api/v1/integrations/" + integration + "/points";

        // when
        String id = post(path, withFilter("p", FILTER)).statusCode(201).body("filter", equalTo(FILTER))
                .extract().path("id");

        // then
        given().get(path + "/" + id).then().statusCode(200).body("filter", equalTo(FILTER));
        IntegrationPoint point = config.withDeadlineAfter(10, TimeUnit.SECONDS).getIntegration(
                GetIntegrationRequest.newBuilder().setIntegrationId(integration).build()).getIntegration().getPoints(0);
        assertThat(point.getFilter()).isEqualTo(FILTER);
        FilterExpression tree = point.getFilterExpression();
        assertThat(tree.getAllOf().getOperandsCount()).isEqualTo(4);
        FilterExpression first = tree.getAllOf().getOperands(0);
        assertThat(first.getComparison().getField()).isEqualTo("AccountType__c");
        assertThat(first.getComparison().getOperator()).isEqualTo(FilterOperator.FILTER_OPERATOR_EQUAL);
        assertThat(first.getComparison().getValue().getStringValue()).isEqualTo("customer");
        assertThat(tree.getAllOf().getOperands(1).getInList().getValuesList())
                .extracting(v -> v.getStringValue()).containsExactly("Active", "Disabled");
        FilterExpression or = tree.getAllOf().getOperands(2);
        assertThat(or.getAnyOf().getOperands(0).getComparison().getValue().getIntegerValue()).isEqualTo(10);
        assertThat(or.getAnyOf().getOperands(1).getLike().getField()).isEqualTo("Owner.Name");
        assertThat(or.getAnyOf().getOperands(1).getLike().getPattern()).isEqualTo("A%");
        assertThat(tree.getAllOf().getOperands(3).getNullCheck().getNegated()).isTrue();
    }

    @Test
    void shouldClearTheFilterWhenReplacedWithoutOne() {
        // given
        String integration = Fixtures.integration(Fixtures.connection());
        String path = "/api/v1/integrations/" + integration + "/points";
        String id = post(path, withFilter("p", "Email IS NOT NULL")).statusCode(201).extract().path("id");

        // when
        put(path + "/" + id, Fixtures.pointBody("p")).statusCode(200).body("filter", nullValue());

        // then
        IntegrationPoint point = config.withDeadlineAfter(10, TimeUnit.SECONDS).getIntegration(
                GetIntegrationRequest.newBuilder().setIntegrationId(integration).build()).getIntegration().getPoints(0);
        assertThat(point.getFilter()).isEmpty();
        assertThat(point.hasFilterExpression()).isFalse();
    }

    @Test
    void shouldNameTheFilterColumnAndWhatWasExpected() {
        // given
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";

        // when / then
        assertProblem(post(path, withFilter("p", "AccountType__c = ")), 400, "crmsync.invalid_argument", "filter")
                .body("detail", equalTo("filter: at column 18: expected a value after '=' (a quoted string, a "
                        + "number, true or false), found the end of the filter"));
        assertProblem(post(path, withFilter("p", "a = 'x' AND")), 400, "crmsync.invalid_argument", "filter")
                .body("detail", containsString("at column 12: expected a field name"));
    }

    @Test
    void shouldNameTheNestedPointsFilterOnCreate() {
        // given
        String body = """
                {"name": "%s", "connectionId": "%s", "points": [%s]}
                """.formatted(unique("int"), Fixtures.connection(), withFilter("p", "a IN ()"));

        // when / then
        assertProblem(post("/api/v1/integrations", body), 400, "crmsync.invalid_argument", "points[0].filter")
                .body("detail", containsString("points[0].filter: at column 7: expected a value in the IN list"));
    }

    @Test
    void shouldRefuseAFilterLongerThanTheLimit() {
        // given
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";

        // when / then
        assertProblem(post(path, withFilter("p", "a = '" + "x".repeat(4000) + "'")), 400,
                "crmsync.invalid_argument", "filter");
    }

    @Test
    void shouldRefuseWhatAHubspotSourceCannotExpress() {
        // given: inbound from the hubspot remote endpoint
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";

        // when / then
        assertProblem(post(path, withFilter("p", "NOT Email = 'x'")), 400, "crmsync.invalid_argument", "filter")
                .body("detail", containsString("the source endpoint is hubspot: HubSpot search cannot express NOT"));
        assertProblem(post(path, withFilter("p", "a = 1 AND (b = 2 OR c = 3)")), 400, "crmsync.invalid_argument",
                "filter").body("detail", containsString("OR may only join the top level"));
        assertProblem(post(path, withFilter("p", "email LIKE '%@x.com'")), 400, "crmsync.invalid_argument",
                "filter").body("detail", containsString("whole tokens"));
        post(path, withFilter("p", "(a = 1 AND b != 2) OR c IN ('x') OR d IS NULL")).statusCode(201);
    }

    @Test
    void shouldCheckTheSourceNotTheTargetEndpoint() {
        // given: outbound, so the source is the postgresql home endpoint and NOT is fine
        String path = "/api/v1/integrations/" + Fixtures.integration(Fixtures.connection()) + "/points";

        // when / then
        post(path, withFilter("p", "NOT Email LIKE 'a_b%c'").replace("\"inbound\"", "\"outbound\""))
                .statusCode(201);
    }

    @Test
    void shouldRefuseWhatDynamicsAndSalesforceSourcesCannotExpress() {
        // given
        String dynamics = Fixtures.create("/api/v1/endpoints", """
                {"name": "%s", "type": "dynamics", "settings": {"url": "https://org.crm.dynamics.com"}}
                """.formatted(unique("dyn")));
        String viaDynamics = "/api/v1/integrations/"
                + Fixtures.integration(Fixtures.connection(Fixtures.postgresEndpoint(), dynamics)) + "/points";
        String viaSalesforce = "/api/v1/integrations/"
                + Fixtures.integration(Fixtures.connection(Fixtures.postgresEndpoint(), salesforce())) + "/points";

        // when / then
        assertProblem(post(viaDynamics, withFilter("p", "name LIKE 'A_c%'")), 400, "crmsync.invalid_argument",
                "filter").body("detail", containsString("startswith, endswith and contains"));
        post(viaDynamics, withFilter("p", "name LIKE 'Ab%' OR NOT name LIKE '%z%'")).statusCode(201);
        assertProblem(post(viaSalesforce, withFilter("p", "A.B.C.D.E.F.G = 1")), 400, "crmsync.invalid_argument",
                "filter").body("detail", containsString("SOQL follows at most five relationships"));
        post(viaSalesforce, withFilter("p2", "NOT Name LIKE 'A_c%' AND Owner.Name != 'x'")).statusCode(201);
    }

    @Test
    void shouldRecheckFiltersWhenTheIntegrationMovesToAnotherConnection() {
        // given: an inbound point with NOT, fine while the remote source is PostgreSQL
        String pgConnection = Fixtures.connection(Fixtures.postgresEndpoint(), Fixtures.postgresEndpoint());
        String integration = Fixtures.integration(pgConnection);
        post("/api/v1/integrations/" + integration + "/points", withFilter("contacts", "NOT Email = 'x'"))
                .statusCode(201);
        String name = given().get("/api/v1/integrations/" + integration).then().extract().path("name");

        // when / then: a hubspot remote cannot run NOT
        assertProblem(put("/api/v1/integrations/" + integration, """
                {"name": "%s", "connectionId": "%s"}
                """.formatted(name, Fixtures.connection())), 400, "crmsync.invalid_argument", "connectionId")
                .body("detail", containsString("the filter of point 'contacts' cannot run there: the source "
                        + "endpoint is hubspot: HubSpot search cannot express NOT"));
        given().get("/api/v1/integrations/" + integration).then().body("connectionId", equalTo(pgConnection));
    }

    private static String salesforce() {
        return Fixtures.create("/api/v1/endpoints", """
                {"name": "%s", "type": "salesforce", "settings": {"instanceUrl": "https://example.my.salesforce.com"}}
                """.formatted(unique("sf")));
    }

    /** A point body with this filter, JSON-escaped. */
    private static String withFilter(String name, String filter) {
        String json = filter.replace("\\", "\\\\").replace("\"", "\\\"");
        return Fixtures.pointBody(name).replaceFirst("\"fieldRules\"",
                java.util.regex.Matcher.quoteReplacement("\"filter\": \"" + json + "\", \"fieldRules\""));
    }
}
