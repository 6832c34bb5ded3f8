package io.crmsync.config.model;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Field rules beyond copying: expressions, conversions, source formats, multi-value fields and lookups, checked
 * when saved (no endpoint needed) and when validated against the objects the worker describes (the fake worker's
 * Contact and public.contacts).
 */
@QuarkusTest
class FieldRulesTest {

    private static final String KEY_RULE = "{\"targetField\": \"external_id\", \"sourceField\": \"Id\"}";

    /** The fixture point with these field rules after the key rule. */
    static String pointWithRules(String rules) {
        return """
                {"name": "p", "direction": "inbound", "sourceObject": "Contact", "targetObject": "public.contacts",
                 "operation": "upsert", "matchKey": ["external_id"], "cursorField": "LastModifiedDate",
                 "fieldRules": [%s, %s]}
                """.formatted(KEY_RULE, rules);
    }

    static String points(String integration) {
        return "/api/v1/integrations/" + integration + "/points";
    }

    @Test
    void shouldStoreEveryKindOfRuleAndSendItBack() {
        // given
        String lookup = Fixtures.unique("owners");
        String integration = Fixtures.integration(Fixtures.connection());
        // when
        String point = post(points(integration), pointWithRules("""
                {"targetField": "email", "expression": "Email == null ? '' : Email.lowerAscii()",
                 "note": "lower-cased"},
                {"targetField": "owner_name", "sourceField": "Owner.Name",
                 "lookup": {"name": "%s", "unmapped": "default", "default": "Unassigned"}},
                {"targetField": "origin", "sourceField": "Email", "conversion": "raw",
                 "multiValue": {"sourceDelimiter": ";", "targetDelimiter": ","}},
                {"targetField": "active_since", "sourceField": "LastModifiedDate", "conversion": "date_only",
                 "sourceFormat": {"date": "dd/MM/yyyy HH:mm", "decimalSeparator": ",", "groupingSeparator": "."}}
                """.formatted(lookup))).statusCode(201).extract().path("id");
        // then
        given().get(points(integration) + "/" + point).then().statusCode(200)
                .body("fieldRules[1].expression", equalTo("Email == null ? '' : Email.lowerAscii()"))
                .body("fieldRules[1].note", equalTo("lower-cased"))
                .body("fieldRules[2].lookup.name", equalTo(lookup))
                .body("fieldRules[2].lookup.unmapped", equalTo("default"))
                .body("fieldRules[2].lookup.default", equalTo("Unassigned"))
                .body("fieldRules[3].multiValue.targetDelimiter", equalTo(","))
                .body("fieldRules[3].conversion", equalTo("raw"))
                .body("fieldRules[4].sourceFormat.date", equalTo("dd/MM/yyyy HH:mm"))
                .body("fieldRules[4].conversion", equalTo("date_only"));
    }

    @Test
    void shouldRefuseRulesThatCannotWorkNamingThePart() {
        String integration = Fixtures.integration(Fixtures.connection());
        String[][] cases = {
                { "{\"targetField\": \"email\", \"expression\": \"Email +\"}", "fieldRules[1].expression",
                        "line 1, column 8" },
                { "{\"targetField\": \"email\", \"expression\": \"Email.shout()\"}", "fieldRules[1].expression",
                        "shout" },
                { "{\"targetField\": \"email\", \"expression\": \"1 + 'a'\"}", "fieldRules[1].expression",
                        "no matching overload" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"expression\": \"Email\"}",
                        "fieldRules[1]", "more than one" },
                { "{\"targetField\": \"email\"}", "fieldRules[1]", "needs a sourceField, a constant or an" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"conversion\": \"fancy\"}",
                        "fieldRules[1].conversion", "must be one of default, date_only" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"sourceFormat\": {\"date\": \"HH:mm\"}}",
                        "fieldRules[1].sourceFormat.date", "full date" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"sourceFormat\": {\"date\": \"yyyy-MM-dd qqqqqq\"}}",
                        "fieldRules[1].sourceFormat.date", "not a valid date pattern" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"sourceFormat\": {\"decimalSeparator\": \";\"}}",
                        "fieldRules[1].sourceFormat.decimalSeparator", "must be '.' or ','" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"lookup\": {\"name\": \"x\", \"unmapped\": \"default\"}}",
                        "fieldRules[1].lookup.default", "is required when unmapped is default" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"lookup\": {\"name\": \"x\", \"unmapped\": \"maybe\"}}",
                        "fieldRules[1].lookup.unmapped", "must be one of reject, pass_through, default" },
                { "{\"targetField\": \"email\", \"sourceField\": \"Email\", \"conversion\": \"date_only\", \"multiValue\": {}}",
                        "fieldRules[1].conversion", "multi-value" } };
        for (String[] c : cases) {
            assertProblem(post(points(integration), pointWithRules(c[0])), 400, "crmsync.invalid_argument", c[1])
                    .body("detail", containsString(c[2]));
        }
        given().get(points(integration)).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void shouldRefuseAMatchKeyFilledByAnExpression() {
        String integration = Fixtures.integration(Fixtures.connection());
        String body = """
                {"name": "p", "direction": "inbound", "sourceObject": "Contact", "targetObject": "public.contacts",
                 "operation": "upsert", "matchKey": ["external_id"], "cursorField": "LastModifiedDate",
                 "fieldRules": [{"targetField": "external_id", "expression": "Id + '-x'"}]}
                """;
        assertProblem(post(points(integration), body), 400, "crmsync.invalid_argument", "matchKey[0]")
                .body("detail", containsString("must be filled from a sourceField"));
    }

    @Test
    void shouldFindTypeErrorsUnknownFieldsAndLookupsWhenValidatingAndRefuseActivation() {
        // given: rules that pass the save-time checks but not the real objects
        String integration = Fixtures.integration(Fixtures.connection());
        post(points(integration), pointWithRules("""
                {"targetField": "email", "expression": "IsActive + 1"},
                {"targetField": "owner_name", "expression": "Nickname.upperAscii()"},
                {"targetField": "origin", "sourceField": "Email",
                 "lookup": {"name": "no-such-lookup-%s", "unmapped": "reject"}},
                {"targetField": "active_since", "sourceField": "IsActive"}
                """.formatted(Fixtures.unique("l")))).statusCode(201);
        // when
        var validation = post("/api/v1/integrations/" + integration + "/validate", "").statusCode(200)
                .body("valid", equalTo(false));
        // then
        validation.body("problems.code", hasItems("mapping.expression_error", "mapping.unknown_source_field",
                "mapping.unknown_lookup", "mapping.type_mismatch"))
                .body("problems.field", hasItems("points[0].fieldRules[1].expression",
                        "points[0].fieldRules[2].expression", "points[0].fieldRules[3].lookup.name",
                        "points[0].fieldRules[4]"))
                .body("problems.find { it.code == 'mapping.expression_error' }.message",
                        startsWith("line 1, column 10: found no matching overload for '_+_'"));
        // and activation refuses, listing every problem
        assertProblem(given().post("/api/v1/integrations/" + integration + "/activate").then(), 409,
                "config.integration_invalid", "points[0].fieldRules[1].expression")
                .body("errors", hasSize(4))
                .body("errors.field", hasItem("points[0].fieldRules[3].lookup.name"));
        given().get("/api/v1/integrations/" + integration).then().body("active", equalTo(false));
    }

    @Test
    void shouldValidateAndActivateWhenTheRulesFitTheObjects() {
        // given
        String lookup = Fixtures.unique("owners");
        given().contentType("application/json").body("{\"name\": \"" + lookup + "\"}").post("/api/v1/lookups")
                .then().statusCode(201);
        String integration = Fixtures.integration(Fixtures.connection());
        post(points(integration), pointWithRules("""
                {"targetField": "email", "expression": "Email == null ? '' : Email.lowerAscii()"},
                {"targetField": "owner_name", "sourceField": "Owner.Name",
                 "lookup": {"name": "%s", "unmapped": "pass_through"}},
                {"targetField": "active_since", "sourceField": "LastModifiedDate", "conversion": "without_offset"}
                """.formatted(lookup))).statusCode(201);
        // when / then
        post("/api/v1/integrations/" + integration + "/validate", "").statusCode(200).body("valid", equalTo(true));
        given().post("/api/v1/integrations/" + integration + "/activate").then().statusCode(200)
                .body("active", equalTo(true));
    }
}
