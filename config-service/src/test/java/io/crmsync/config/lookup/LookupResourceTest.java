package io.crmsync.config.lookup;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.unique;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class LookupResourceTest {

    private static final String GOOD = "source,target\r\nUS,United States\r\n\"DE\",\"Germany, Federal Republic\"\r\n"
            + "\"multi\nline\",\"a \"\"quoted\"\" word\"\r\n";

    @Test
    void shouldUploadAndDownloadTheSameTable() {
        // given
        String id = lookup();

        // when
        upload(id, GOOD.getBytes(StandardCharsets.UTF_8)).statusCode(200)
                .body("entryCount", equalTo(3)).body("version", equalTo(2));

        // then
        String csv = given().accept("text/csv").get("/api/v1/lookups/" + id + "/entries").then().statusCode(200)
                .header("Content-Disposition", containsString(".csv")).extract().asString();
        assertThat(LookupCsv.parse(csv.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(LookupCsv.parse(GOOD.getBytes(StandardCharsets.UTF_8)));
        assertThat(LookupCsv.parse(GOOD.getBytes(StandardCharsets.UTF_8))).extracting(LookupCsv.Entry::target)
                .containsExactly("United States", "Germany, Federal Republic", "a \"quoted\" word");
    }

    @Test
    void shouldNameEveryBadLineAndKeepTheOldEntries() {
        // given
        String id = lookup();
        upload(id, GOOD.getBytes(StandardCharsets.UTF_8)).statusCode(200);
        String bad = "source,target\nA,1\nB,2,extra\nA,3\n,4\nC\n";

        // when
        ValidatableResponse refused = upload(id, bad.getBytes(StandardCharsets.UTF_8));

        // then
        assertProblem(refused, 400, "crmsync.invalid_argument", "file")
                .body("errors", hasSize(4))
                .body("errors[0].field", equalTo("line 3")).body("errors[0].detail", containsString("3 fields"))
                .body("errors[1].field", equalTo("line 4")).body("errors[1].detail", containsString("line 2"))
                .body("errors[2].field", equalTo("line 5")).body("errors[2].detail", containsString("empty source"))
                .body("errors[3].field", equalTo("line 6"));
        given().get("/api/v1/lookups/" + id).then().body("entryCount", equalTo(3)).body("version", equalTo(2));
    }

    @Test
    void shouldRefuseInvalidUtf8NamingTheLine() {
        // given
        byte[] bytes = "source,target\nA,1\nB,\u00ff\n".getBytes(StandardCharsets.ISO_8859_1);

        // when / then
        assertProblem(upload(lookup(), bytes), 400, "crmsync.invalid_argument", "file")
                .body("errors[0].field", equalTo("line 3")).body("errors[0].detail", containsString("UTF-8"));
    }

    @Test
    void shouldRefuseBadQuotingAHeaderlessFileAndAnEmptyOne() {
        String id = lookup();
        assertProblem(upload(id, "source,target\nA,\"open\nB,2\n".getBytes(StandardCharsets.UTF_8)), 400,
                "crmsync.invalid_argument", "file").body("detail", containsString("quotes"));
        assertProblem(upload(id, "US,United States\n".getBytes(StandardCharsets.UTF_8)), 400,
                "crmsync.invalid_argument", "file").body("errors[0].field", equalTo("line 1"));
        assertProblem(upload(id, new byte[0]), 400, "crmsync.invalid_argument", "file");
    }

    @Test
    void shouldLoadALargeTableInOneRequest() {
        // given
        String csv = "source,target\n" + IntStream.range(0, 20_000).mapToObj(i -> "code-" + i + ",value-" + i)
                .collect(Collectors.joining("\n"));
        String id = lookup();

        // when / then
        upload(id, csv.getBytes(StandardCharsets.UTF_8)).statusCode(200).body("entryCount", equalTo(20_000));
    }

    @Test
    void shouldAnswer404And409AndNameBadFields() {
        given().get("/api/v1/lookups/" + UUID.randomUUID()).then().statusCode(404)
                .body("reason", equalTo("config.lookup_not_found"));
        String name = unique("countries");
        post("/api/v1/lookups", "{\"name\": \"" + name + "\"}").statusCode(201);
        assertProblem(post("/api/v1/lookups", "{\"name\": \"" + name + "\"}"), 409, "config.lookup_name_taken", null);
        assertProblem(post("/api/v1/lookups", "{\"name\": \"a;b\"}"), 400, "crmsync.invalid_argument", "name");
    }

    private static String lookup() {
        return post("/api/v1/lookups", "{\"name\": \"" + unique("lk") + "\", \"description\": \"test\"}")
                .statusCode(201).extract().path("id");
    }

    private static ValidatableResponse upload(String id, byte[] csv) {
        return given().contentType("text/csv").body(csv).put("/api/v1/lookups/" + id + "/entries").then();
    }
}
