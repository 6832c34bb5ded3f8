package io.crmsync.config.credential;

import static io.crmsync.config.Fixtures.put;
import static io.crmsync.config.Problems.assertProblem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.config.Fixtures;
import io.crmsync.config.TestDatabase;
import io.crmsync.config.peers.FakeTransferWorker;
import io.crmsync.proto.config.v1.ConfigServiceGrpc;
import io.crmsync.proto.config.v1.GetEndpointCredentialRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class CredentialResourceTest {

    @GrpcClient("config")
    ConfigServiceGrpc.ConfigServiceBlockingStub config;

    @Test
    void shouldShowConnectedButNeverTheSecret() {
        // given
        String id = Fixtures.postgresEndpoint();
        String password = "pw-" + UUID.randomUUID();
        // when
        put("/api/v1/endpoints/" + id + "/credential", secrets(password)).statusCode(204);
        // then
        String one = given().get("/api/v1/endpoints/" + id).then().statusCode(200)
                .body("credentialStatus", equalTo("CONNECTED"))
                .body("version", equalTo(2))
                .extract().asString();
        String list = given().queryParam("pageSize", 500).get("/api/v1/endpoints").then().statusCode(200)
                .extract().asString();
        assertThat(one).doesNotContain(password);
        assertThat(list).doesNotContain(password);
    }

    @Test
    void shouldShowErrorWithTheReasonAfterAFailedConnectionTestUntilTheCredentialIsReplaced() {
        // given
        String id = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + id + "/credential", secrets("wrong")).statusCode(204);
        FakeTransferWorker.REFUSED_LOGINS.add(id);
        try {
            // when
            given().post("/api/v1/endpoints/" + id + "/test").then().statusCode(200).body("ok", equalTo(false));
            // then
            given().get("/api/v1/endpoints/" + id).then().statusCode(200)
                    .body("credentialStatus", equalTo("ERROR"))
                    .body("credentialError", containsString("password authentication failed"));
            // a new credential has not failed yet; a passing test keeps it CONNECTED
            put("/api/v1/endpoints/" + id + "/credential", secrets("right")).statusCode(204);
            given().get("/api/v1/endpoints/" + id).then().body("credentialStatus", equalTo("CONNECTED"))
                    .body("credentialError", nullValue());
        } finally {
            FakeTransferWorker.REFUSED_LOGINS.remove(id);
        }
        given().post("/api/v1/endpoints/" + id + "/test").then().statusCode(200).body("ok", equalTo(true));
        given().get("/api/v1/endpoints/" + id).then().body("credentialStatus", equalTo("CONNECTED"));
    }

    @Test
    void shouldKeepOnlyCiphertextInTheDatabase() throws SQLException {
        // given
        String id = Fixtures.postgresEndpoint();
        String password = "pw-" + UUID.randomUUID();
        // when
        put("/api/v1/endpoints/" + id + "/credential", secrets(password)).statusCode(204);
        // then
        try (Connection db = TestDatabase.connect();
                PreparedStatement row = db.prepareStatement(
                        "SELECT key_id, nonce, ciphertext, c::text FROM endpoint_credentials c "
                                + "WHERE endpoint_id = ?")) {
            row.setObject(1, UUID.fromString(id));
            try (ResultSet rs = row.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("key_id")).isEqualTo("test-1");
                assertThat(rs.getBytes("nonce")).hasSize(12);
                byte[] ciphertext = rs.getBytes("ciphertext");
                assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain(password);
                assertThat(rs.getString(4)).doesNotContain(password);
            }
        }
    }

    @Test
    void shouldReleaseTheDecryptedCredentialOverGrpc() {
        // given
        String id = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + id + "/credential", secrets("s3cr3t-for-grpc")).statusCode(204);
        // when
        var credential = stub().getEndpointCredential(request(id)).getCredential();
        // then
        assertThat(credential.getEndpointId()).isEqualTo(id);
        assertThat(credential.getSecretsMap()).containsExactlyEntriesOf(Map.of("password", "s3cr3t-for-grpc"));
    }

    @Test
    void shouldUseAFreshNonceOnEveryWrite() throws SQLException {
        // given
        String id = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + id + "/credential", secrets("same")).statusCode(204);
        byte[] first = column(id, "nonce");
        // when
        put("/api/v1/endpoints/" + id + "/credential", secrets("same")).statusCode(204);
        // then
        assertThat(column(id, "nonce")).isNotEqualTo(first);
    }

    @Test
    void shouldFailToOpenATamperedCiphertext() throws SQLException {
        // given
        String id = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + id + "/credential", secrets("tamper-me")).statusCode(204);
        execute("UPDATE endpoint_credentials SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) "
                + "WHERE endpoint_id = '" + id + "'");
        // when
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().getEndpointCredential(request(id)));
        // then
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
        assertThat(GrpcErrors.reasonOf(failure)).contains("config.credential_unreadable");
        assertThat(failure.getStatus().getDescription()).doesNotContain("tamper-me");
    }

    @Test
    void shouldFailToOpenACiphertextCopiedFromAnotherEndpoint() throws SQLException {
        // given
        String a = Fixtures.postgresEndpoint();
        String b = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + a + "/credential", secrets("secret-of-a")).statusCode(204);
        put("/api/v1/endpoints/" + b + "/credential", secrets("secret-of-b")).statusCode(204);
        // when: b's row now holds a's sealed secret, whose associated data is a's id
        execute("UPDATE endpoint_credentials t SET key_id = s.key_id, nonce = s.nonce, ciphertext = s.ciphertext "
                + "FROM endpoint_credentials s WHERE s.endpoint_id = '" + a + "' AND t.endpoint_id = '" + b + "'");
        // then
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().getEndpointCredential(request(b)));
        assertThat(GrpcErrors.reasonOf(failure)).contains("config.credential_unreadable");
        assertThat(stub().getEndpointCredential(request(a)).getCredential().getSecretsMap())
                .containsEntry("password", "secret-of-a");
    }

    @Test
    void shouldForgetTheCredentialOnDelete() {
        // given
        String id = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + id + "/credential", secrets("bye")).statusCode(204);
        // when
        given().delete("/api/v1/endpoints/" + id + "/credential").then().statusCode(204);
        // then
        given().get("/api/v1/endpoints/" + id).then().body("credentialStatus", equalTo("NOT_CONNECTED"));
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class,
                () -> stub().getEndpointCredential(request(id)));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcErrors.reasonOf(failure)).contains("config.credential_missing");
    }

    @Test
    void shouldRequireAPasswordForSqlEndpoints() {
        // given
        String id = Fixtures.postgresEndpoint();
        // when / then
        assertProblem(put("/api/v1/endpoints/" + id + "/credential", """
                {"secrets": {"token": "abc"}}
                """), 400, "crmsync.invalid_argument", "secrets.password");
        assertProblem(put("/api/v1/endpoints/" + id + "/credential", """
                {"password": "flat-shape-is-not-accepted"}
                """), 400, "crmsync.invalid_argument", "password")
                .body("detail", equalTo("password: is not a known field"));
        assertProblem(put("/api/v1/endpoints/" + id + "/credential", """
                {"secrets": {"password": null}}
                """), 400, "crmsync.invalid_argument", "secrets.password");
    }

    @Test
    void shouldRequireTheSecretsTheEndpointsAuthFlowNeeds() {
        // given: a HubSpot private app (the default flow)
        String id = Fixtures.hubspotEndpoint();
        // when / then
        assertProblem(put("/api/v1/endpoints/" + id + "/credential", """
                {"secrets": {"clientSecret": "cs", "refreshToken": "rt"}}
                """), 400, "crmsync.invalid_argument", "secrets.accessToken")
                .body("detail", containsString("hubspot endpoints with authFlow private_app"));
        assertProblem(put("/api/v1/endpoints/" + id + "/credential", """
                {"secrets": {"accessToken": "pat", "client_secret": "x"}}
                """), 400, "crmsync.invalid_argument", "secrets.client_secret");
        put("/api/v1/endpoints/" + id + "/credential", """
                {"secrets": {"accessToken": "pat-na1-0000"}}
                """).statusCode(204);
        assertThat(stub().getEndpointCredential(request(id)).getCredential().getSecretsMap())
                .containsOnlyKeys("accessToken");
    }

    @Test
    void shouldAnswer404ForTheCredentialOfAnUnknownEndpoint() {
        assertProblem(put("/api/v1/endpoints/" + UUID.randomUUID() + "/credential", secrets("x")), 404,
                "config.endpoint_not_found", null);
        assertProblem(given().delete("/api/v1/endpoints/" + UUID.randomUUID() + "/credential").then(), 404,
                "config.endpoint_not_found", null);
    }

    @Test
    void shouldNotServeTheCredentialOverRest() {
        // given
        String id = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + id + "/credential", secrets("not-readable")).statusCode(204);
        // when
        String body = given().get("/api/v1/endpoints/" + id + "/credential").then()
                .statusCode(anyOf(equalTo(404), equalTo(405)))
                .header("Content-Type", startsWith("application/problem+json"))
                .extract().asString();
        // then
        assertThat(body).doesNotContain("not-readable");
    }

    private ConfigServiceGrpc.ConfigServiceBlockingStub stub() {
        return config.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static GetEndpointCredentialRequest request(String endpointId) {
        return GetEndpointCredentialRequest.newBuilder().setEndpointId(endpointId).build();
    }

    private static String secrets(String password) {
        return "{\"secrets\": {\"password\": \"" + password + "\"}}";
    }

    private static byte[] column(String endpointId, String column) throws SQLException {
        try (Connection db = TestDatabase.connect();
                PreparedStatement row = db.prepareStatement(
                        "SELECT " + column + " FROM endpoint_credentials WHERE endpoint_id = ?")) {
            row.setObject(1, UUID.fromString(endpointId));
            try (ResultSet rs = row.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getBytes(1);
            }
        }
    }

    private static void execute(String sql) throws SQLException {
        try (Connection db = TestDatabase.connect(); var statement = db.createStatement()) {
            assertThat(statement.executeUpdate(sql)).isEqualTo(1);
        }
    }
}
