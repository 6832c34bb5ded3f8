package io.crmsync.config.model;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.put;
import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.quarkus.test.junit.QuarkusTest;

/** Conflict policy, account lists, notification recipients, cadences and syncImmediately over REST. */
@QuarkusTest
class IntegrationSettingsTest {

    static final String ALL_SETTINGS = """
            "conflictPolicy": "most_recent_wins",
            "accountAllowList": ["001A", "001B"], "accountDenyList": ["001C"],
            "notificationRecipients": [{"type": "email", "address": "ops@example.com"},
                                       {"type": "webhook", "address": "https://hooks.example.com/crmsync"}],
            "schedule": {"type": "workdays", "time": "07:30", "timeZone": "Europe/Berlin"},
            "fullSyncSchedule": {"type": "monthly", "time": "02:00", "dayOfMonth": "last"},
            "syncImmediately": true
            """;

    /** A create body with the given settings JSON (without braces) and one point with an accountField. */
    static String body(String settings) {
        String point = Fixtures.pointBody("contacts").replace("\"cursorField\"", "\"accountField\": \"AccountId\", \"cursorField\"");
        return """
                {"name": "%s", "connectionId": "%s", "points": [%s], %s}
                """.formatted(unique("int"), Fixtures.connection(), point, settings);
    }

    @Test
    void shouldStoreAndReturnEverySetting() {
        // given
        String id = post("/api/v1/integrations", body(ALL_SETTINGS)).statusCode(201).extract().path("id");
        // when / then
        given().get("/api/v1/integrations/" + id).then().statusCode(200)
                .body("conflictPolicy", equalTo("most_recent_wins"))
                .body("accountAllowList", contains("001A", "001B"))
                .body("accountDenyList", contains("001C"))
                .body("notificationRecipients.type", contains("email", "webhook"))
                .body("notificationRecipients[1].address", equalTo("https://hooks.example.com/crmsync"))
                .body("schedule.type", equalTo("workdays"))
                .body("schedule.time", equalTo("07:30"))
                .body("schedule.timeZone", equalTo("Europe/Berlin"))
                .body("schedule", not(hasKey("everyMinutes")))
                .body("fullSyncSchedule.dayOfMonth", equalTo("last"))
                .body("syncImmediately", equalTo(true))
                .body("points[0].accountField", equalTo("AccountId"));
    }

    @Test
    void shouldTakeDefaultsForOmittedSettings() {
        // when / then
        post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s"}
                """.formatted(unique("int"), Fixtures.connection())).statusCode(201)
                .body("conflictPolicy", equalTo("source_wins"))
                .body("accountAllowList", empty())
                .body("accountDenyList", empty())
                .body("notificationRecipients", empty())
                .body("schedule", nullValue())
                .body("fullSyncSchedule", nullValue())
                .body("syncImmediately", equalTo(false))
                .body("$", not(hasKey("immediateRun")));
    }

    @Test
    void shouldReplaceSettingsOnPutAndResetOmittedOnes() {
        // given
        String id = post("/api/v1/integrations", body(ALL_SETTINGS)).statusCode(201).extract().path("id");
        String connection = given().get("/api/v1/integrations/" + id).then().extract().path("connectionId");
        // when
        put("/api/v1/integrations/" + id, """
                {"name": "%s", "connectionId": "%s", "schedule": {"type": "every_n_minutes", "everyMinutes": 15}}
                """.formatted(unique("int"), connection)).statusCode(200)
                .body("version", equalTo(2));
        // then
        given().get("/api/v1/integrations/" + id).then()
                .body("schedule.type", equalTo("every_n_minutes"))
                .body("schedule.everyMinutes", equalTo(15))
                .body("conflictPolicy", equalTo("source_wins"))
                .body("accountAllowList", empty())
                .body("fullSyncSchedule", nullValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"type\": \"once\", \"at\": \"2026-12-01T06:00\", \"timeZone\": \"America/New_York\"}",
            "{\"type\": \"every_n_minutes\", \"everyMinutes\": 1440}",
            "{\"type\": \"hourly\"}",
            "{\"type\": \"hourly\", \"minute\": 59}",
            "{\"type\": \"daily\", \"time\": \"23:59\"}",
            "{\"type\": \"workdays\", \"time\": \"00:00\"}",
            "{\"type\": \"weekly\", \"time\": \"06:15\", \"days\": [\"mon\", \"sun\"]}",
            "{\"type\": \"monthly\", \"time\": \"06:15\", \"dayOfMonth\": 31}",
            "{\"type\": \"monthly\", \"time\": \"06:15\", \"dayOfMonth\": \"last\"}",
            "{\"type\": \"cron\", \"cron\": \"*/5 6-18 * * 1-5\", \"timeZone\": \"Asia/Tokyo\"}" })
    void shouldAcceptEveryCadenceType(String cadence) {
        // when / then
        post("/api/v1/integrations", body("\"schedule\": " + cadence)).statusCode(201);
    }

    @Test
    void shouldWriteANumericDayOfMonthBackAsANumber() {
        // when / then
        post("/api/v1/integrations", body("\"schedule\": {\"type\": \"monthly\", \"time\": \"06:15\", \"dayOfMonth\": 15}"))
                .statusCode(201).body("schedule.dayOfMonth", equalTo(15));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // a field of another type is refused by name
            "{\"type\": \"daily\", \"time\": \"07:00\", \"everyMinutes\": 5} | schedule.everyMinutes | does not belong",
            "{\"type\": \"every_n_minutes\", \"everyMinutes\": 5, \"days\": [\"mon\"]} | schedule.days | does not belong",
            "{\"type\": \"cron\", \"cron\": \"0 6 * * *\", \"time\": \"06:00\"} | schedule.time | does not belong",
            // the type's own fields are required
            "{\"type\": \"weekly\", \"time\": \"07:00\"} | schedule.days | is required",
            "{\"type\": \"monthly\", \"time\": \"07:00\"} | schedule.dayOfMonth | is required",
            "{\"type\": \"daily\"} | schedule.time | is required",
            "{\"type\": \"once\"} | schedule.at | is required",
            "{\"type\": \"cron\"} | schedule.cron | is required",
            "{\"timeZone\": \"UTC\"} | schedule.type | is required",
            // and valid
            "{\"type\": \"daily\", \"time\": \"24:00\"} | schedule.time | HH:mm",
            "{\"type\": \"daily\", \"time\": \"7:00\"} | schedule.time | HH:mm",
            "{\"type\": \"daily\", \"time\": \"07:00\", \"timeZone\": \"Mars/Olympus\"} | schedule.timeZone | IANA",
            "{\"type\": \"daily\", \"time\": \"07:00\", \"timeZone\": \"+02:00\"} | schedule.timeZone | IANA",
            "{\"type\": \"every_n_minutes\", \"everyMinutes\": 0} | schedule.everyMinutes | between 1 and 1440",
            "{\"type\": \"every_n_minutes\", \"everyMinutes\": 1441} | schedule.everyMinutes | between 1 and 1440",
            "{\"type\": \"hourly\", \"minute\": 60} | schedule.minute | between 0 and 59",
            "{\"type\": \"weekly\", \"time\": \"07:00\", \"days\": []} | schedule.days | at least one day",
            "{\"type\": \"weekly\", \"time\": \"07:00\", \"days\": [\"mon\", \"mon\"]} | schedule.days[1] | twice",
            "{\"type\": \"monthly\", \"time\": \"07:00\", \"dayOfMonth\": 32} | schedule.dayOfMonth | 1..31",
            "{\"type\": \"monthly\", \"time\": \"07:00\", \"dayOfMonth\": 0} | schedule.dayOfMonth | 1..31",
            "{\"type\": \"monthly\", \"time\": \"07:00\", \"dayOfMonth\": \"first\"} | schedule.dayOfMonth | 1..31",
            "{\"type\": \"cron\", \"cron\": \"61 * * * *\"} | schedule.cron | cron expression",
            "{\"type\": \"cron\", \"cron\": \"every monday\"} | schedule.cron | cron expression",
            "{\"type\": \"cron\", \"cron\": \"\"} | schedule.cron | cron expression",
            "{\"type\": \"cron\", \"cron\": \"* * * * * *\"} | schedule.cron | cron expression",
            "{\"type\": \"cron\", \"cron\": \"0 6 * * 9\"} | schedule.cron | cron expression",
            "{\"type\": \"cron\", \"cron\": \"a b c d e\"} | schedule.cron | cron expression",
            "{\"type\": \"cron\", \"cron\": \"0 6 * * 1-\"} | schedule.cron | cron expression",
            "{\"type\": \"once\", \"at\": \"2026-02-30T06:00\"} | schedule.at | yyyy-MM-ddTHH:mm",
            "{\"type\": \"once\", \"at\": \"tomorrow\"} | schedule.at | yyyy-MM-ddTHH:mm" })
    void shouldNameTheScheduleFieldAtFault(String cadence, String field, String detail) {
        // when / then
        assertProblem(post("/api/v1/integrations", body("\"schedule\": " + cadence)), 400,
                "crmsync.invalid_argument", field).body("detail", containsString(detail));
    }

    @Test
    void shouldNameTheFullSyncScheduleField() {
        // when / then
        assertProblem(post("/api/v1/integrations", body("\"fullSyncSchedule\": {\"type\": \"cron\", \"cron\": \"0 25 * * *\"}")),
                400, "crmsync.invalid_argument", "fullSyncSchedule.cron");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{\"type\": \"email\", \"address\": \"not-an-address\"} | notificationRecipients[1].address",
            "{\"type\": \"email\", \"address\": \"a b@example.com\"} | notificationRecipients[1].address",
            "{\"type\": \"email\", \"address\": \"ops@localhost\"} | notificationRecipients[1].address",
            "{\"type\": \"webhook\", \"address\": \"http://hooks.example.com/x\"} | notificationRecipients[1].address",
            "{\"type\": \"webhook\", \"address\": \"https://user:pw@hooks.example.com/x\"} | notificationRecipients[1].address",
            "{\"type\": \"webhook\", \"address\": \"https:///nohost\"} | notificationRecipients[1].address",
            "{\"type\": \"webhook\", \"address\": \"https://exa mple.com\"} | notificationRecipients[1].address",
            "{\"type\": \"webhook\", \"address\": \"\"} | notificationRecipients[1].address",
            "{\"type\": \"webhook\", \"address\": \"https://169.254.169.254/latest\"} | notificationRecipients[1].address",
            "{\"type\": \"webhook\", \"address\": \"ftp://hooks.example.com/x\"} | notificationRecipients[1].address",
            "{\"type\": \"sms\", \"address\": \"+4917\"} | notificationRecipients[1].type",
            "{\"address\": \"ops@example.com\"} | notificationRecipients[1].type",
            "null | notificationRecipients[1]" })
    void shouldNameTheRecipientAtFault(String second, String field) {
        // when / then
        assertProblem(post("/api/v1/integrations", body("""
                "notificationRecipients": [{"type": "email", "address": "ops@example.com"}, %s]""".formatted(second))),
                400, "crmsync.invalid_argument", field);
    }

    @Test
    void shouldAcceptAPlainHttpWebhookOnlyOnAnAllowListedHost() {
        // given: the test profile allow-lists localhost for notifications
        // when / then
        post("/api/v1/integrations", body("""
                "notificationRecipients": [{"type": "webhook", "address": "http://localhost:8099/hook"}]"""))
                .statusCode(201);
        assertProblem(post("/api/v1/integrations", body("""
                "notificationRecipients": [{"type": "webhook", "address": "https://127.0.0.1:8099/hook"}]""")), 400,
                "crmsync.invalid_argument", "notificationRecipients[0].address")
                .body("detail", containsString("crmsync.notifications.allowed-hosts"));
    }

    @Test
    void shouldRefuseAnAccountInBothLists() {
        // when / then
        assertProblem(post("/api/v1/integrations", body("""
                "accountAllowList": ["001A", "001B"], "accountDenyList": ["001X", "001B"]""")), 400,
                "crmsync.invalid_argument", "accountDenyList[1]").body("detail", containsString("accountAllowList[1]"));
    }

    @Test
    void shouldRefuseAnAccountListedTwiceOrBlank() {
        assertProblem(post("/api/v1/integrations", body("\"accountAllowList\": [\"001A\", \"001A\"]")), 400,
                "crmsync.invalid_argument", "accountAllowList[1]");
        assertProblem(post("/api/v1/integrations", body("\"accountDenyList\": [\" \"]")), 400,
                "crmsync.invalid_argument", "accountDenyList[0]");
    }

    @Test
    void shouldRefuseAnAccountListLongerThanTheMaximum() {
        // given
        String ids = java.util.stream.IntStream.range(0, 1001).mapToObj(i -> "\"a" + i + "\"")
                .collect(java.util.stream.Collectors.joining(","));
        // when / then
        assertProblem(post("/api/v1/integrations", body("\"accountAllowList\": [" + ids + "]")), 400,
                "crmsync.invalid_argument", "accountAllowList");
    }

    @Test
    void shouldRequireAnAccountFieldOnEveryPointWhenAListIsSet() {
        // given
        String connection = Fixtures.connection();
        // when / then: on create
        assertProblem(post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "points": [%s], "accountDenyList": ["001C"]}
                """.formatted(unique("int"), connection, Fixtures.pointBody("p"))), 400, "crmsync.invalid_argument",
                "points[0].accountField");
        // on update of an integration whose point has none
        String id = Fixtures.integration(connection);
        Fixtures.addPoint(id, "p");
        assertProblem(put("/api/v1/integrations/" + id, """
                {"name": "%s", "connectionId": "%s", "accountAllowList": ["001A"]}
                """.formatted(unique("int"), connection)), 400, "crmsync.invalid_argument", "accountAllowList");
        given().get("/api/v1/integrations/" + id).then().body("version", equalTo(2)).body("accountAllowList", empty());
    }

    @Test
    void shouldRequireAnAccountFieldOnANewPointWhenAListIsSet() {
        // given
        String id = post("/api/v1/integrations", body("\"accountAllowList\": [\"001A\"]")).statusCode(201)
                .extract().path("id");
        // when / then
        assertProblem(post("/api/v1/integrations/" + id + "/points", Fixtures.pointBody("other")), 400,
                "crmsync.invalid_argument", "accountField");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "\"conflictPolicy\": \"last_writer\" | conflictPolicy",
            "\"conflictPolicy\": 3 | conflictPolicy",
            "\"schedule\": \"daily\" | schedule",
            "\"schedule\": [] | schedule",
            "\"schedule\": {\"type\": \"fortnightly\"} | schedule.type",
            "\"schedule\": {\"type\": \"daily\", \"time\": \"07:00\", \"hour\": 7} | schedule.hour",
            "\"schedule\": {\"type\": \"every_n_minutes\", \"everyMinutes\": \"ten\"} | schedule.everyMinutes",
            "\"schedule\": {\"type\": \"every_n_minutes\", \"everyMinutes\": 99999999999} | schedule.everyMinutes",
            "\"schedule\": {\"type\": \"weekly\", \"time\": \"07:00\", \"days\": [\"funday\"]} | schedule.days[0]",
            "\"schedule\": {\"type\": \"weekly\", \"time\": \"07:00\", \"days\": [null]} | schedule.days[0]",
            "\"schedule\": {\"type\": \"weekly\", \"time\": \"07:00\", \"days\": \"mon\"} | schedule.days",
            "\"schedule\": {\"type\": \"monthly\", \"time\": \"07:00\", \"dayOfMonth\": {}} | schedule.dayOfMonth",
            "\"schedule\": {\"type\": \"monthly\", \"time\": \"07:00\", \"dayOfMonth\": 1.5} | schedule.dayOfMonth",
            "\"schedule\": {\"type\": \"cron\", \"cron\": [\"0 6 * * *\"]} | schedule.cron",
            "\"accountAllowList\": \"001A\" | accountAllowList",
            "\"accountAllowList\": [{}] | accountAllowList[0]",
            "\"notificationRecipients\": {} | notificationRecipients",
            "\"syncImmediately\": \"yes\" | syncImmediately" })
    void shouldAnswerMalformedSettingsWithA400NamingTheField(String settings, String field) {
        // when / then
        assertProblem(post("/api/v1/integrations", body(settings)), 400, "crmsync.invalid_argument", field);
    }

    @Test
    void shouldReportAFailedImmediateRunWithoutFailingTheSave() {
        // given: the scheduler is unreachable in this profile
        String id = Fixtures.activeIntegration();
        String connection = given().get("/api/v1/integrations/" + id).then().extract().path("connectionId");
        // when
        put("/api/v1/integrations/" + id, """
                {"name": "%s", "connectionId": "%s", "syncImmediately": true}
                """.formatted(unique("int"), connection)).statusCode(200)
                .body("syncImmediately", equalTo(true))
                .body("immediateRun.status", equalTo("FAILED"))
                .body("immediateRun.reason", equalTo("crmsync.dependency_unavailable"))
                .body("immediateRun.detail", not(containsString("Exception")));
        // then: the save stands
        given().get("/api/v1/integrations/" + id).then().body("syncImmediately", equalTo(true))
                .body("$", not(hasKey("immediateRun")));
    }

    @Test
    void shouldNotStartARunWhenSavingAnInactiveIntegration() {
        // given
        String connection = Fixtures.connection();
        String id = Fixtures.integration(connection);
        // when / then
        put("/api/v1/integrations/" + id, """
                {"name": "%s", "connectionId": "%s", "syncImmediately": true}
                """.formatted(unique("int"), connection)).statusCode(200)
                .body("$", not(hasKey("immediateRun")));
    }
}
