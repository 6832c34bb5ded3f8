package io.crmsync.config.credential;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.crmsync.config.TestDatabase;
import io.crmsync.proto.config.v1.ConfigServiceGrpc;
import io.crmsync.proto.config.v1.GetEndpointCredentialRequest;
import io.crmsync.proto.config.v1.GetEndpointRequest;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.filter.Filter;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/**
 * A canary password goes everywhere a secret could leak from (good and bad requests, gRPC, a tampered row)
 * and must then be found nowhere: not in a REST body, a log line or a database row.
 */
@QuarkusTest
class SecretLeakTest {

    private final String canary = "canary-" + UUID.randomUUID();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private final Handler logCapture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logLines.add(render(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @GrpcClient("config")
    ConfigServiceGrpc.ConfigServiceBlockingStub config;

    @BeforeEach
    void captureLogs() {
        Logger.getLogger("").addHandler(logCapture);
    }

    @AfterEach
    void releaseLogs() {
        Logger.getLogger("").removeHandler(logCapture);
    }

    @Test
    void shouldNeverRevealTheCanaryOutsideTheCredentialRpc() throws SQLException {
        // given
        String id = Fixtures.postgresEndpoint();
        json().body(secrets()).put("/api/v1/endpoints/" + id + "/credential").then().statusCode(204);

        // when: reads
        request().get("/api/v1/endpoints/" + id).then().statusCode(200);
        request().queryParam("pageSize", 500).get("/api/v1/endpoints").then().statusCode(200);
        // when: refused writes carrying the canary
        json().body("""
                {"name": "x", "settings": {"jdbcUrl": "jdbc:postgresql://db/crm?password=%s", "username": "u"}}
                """.formatted(canary)).put("/api/v1/endpoints/" + id).then().statusCode(400);
        json().body("""
                {"name": "%s", "type": "csv", "settings": {"password": "%s"}}
                """.formatted(Fixtures.unique("csv"), canary)).post("/api/v1/endpoints").then().statusCode(400);
        for (String bad : List.of("{\"secrets\": \"%s\"}", "{\"secrets\": {\"password\": [\"%s\"]}}",
                "{\"secrets\": {\"password\": \"%s\"", "{\"secrets\": {\"password\": \"%s\", \"bad name\": \"x\"}}",
                "{\"secrets\": {\"password\": {\"v\": \"%s\"}}}")) {
            json().body(bad.formatted(canary)).put("/api/v1/endpoints/" + id + "/credential").then().statusCode(400);
        }
        request().post("/api/v1/endpoints/" + id + "/test").then().statusCode(200);
        // when: gRPC, where only GetEndpointCredential may carry it
        String endpoint = stub().getEndpoint(GetEndpointRequest.newBuilder().setEndpointId(id).build()).toString();
        String released = stub().getEndpointCredential(GetEndpointCredentialRequest.newBuilder().setEndpointId(id)
                .build()).getCredential().getSecretsOrThrow("password");
        tamper(id);
        StatusRuntimeException unreadable = catchThrowableOfType(StatusRuntimeException.class, () -> stub()
                .getEndpointCredential(GetEndpointCredentialRequest.newBuilder().setEndpointId(id).build()));

        // then
        assertThat(released).isEqualTo(canary);
        assertThat(endpoint).doesNotContain(canary);
        assertThat(String.valueOf(unreadable.getStatus())).doesNotContain(canary);
        assertThat(bodies).hasSize(11).allSatisfy(body -> assertThat(body).doesNotContain(canary));
        assertThat(logLines).as("the capture sees the service's own log lines")
                .anyMatch(line -> line.contains("credential released endpoint_id=" + id));
        assertThat(logLines).allSatisfy(line -> assertThat(line).doesNotContain(canary));
        String canaryHex = HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8));
        assertThat(databaseText()).isNotEmpty().allSatisfy(row -> assertThat(row).doesNotContain(canary)
                .doesNotContainIgnoringCase(canaryHex));
    }

    private String secrets() {
        return "{\"secrets\": {\"password\": \"" + canary + "\"}}";
    }

    private RequestSpecification request() {
        Filter capture = (requestSpec, responseSpec, ctx) -> {
            var response = ctx.next(requestSpec, responseSpec);
            bodies.add(response.asString());
            return response;
        };
        return given().filter(capture);
    }

    private RequestSpecification json() {
        return request().contentType(ContentType.JSON);
    }

    private ConfigServiceGrpc.ConfigServiceBlockingStub stub() {
        return config.withDeadlineAfter(10, TimeUnit.SECONDS);
    }

    private static void tamper(String endpointId) throws SQLException {
        try (Connection db = TestDatabase.connect(); Statement statement = db.createStatement()) {
            statement.executeUpdate("UPDATE endpoint_credentials "
                    + "SET nonce = set_byte(nonce, 0, get_byte(nonce, 0) # 1) WHERE endpoint_id = '" + endpointId + "'");
        }
    }

    /** Every row of every table of the service, as text. */
    private static List<String> databaseText() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection db = TestDatabase.connect(); Statement statement = db.createStatement()) {
            for (String table : List.of("endpoints", "endpoint_credentials", "connections", "integrations",
                    "integration_points")) {
                // bytea columns render as hex here, hence the hex check of the canary as well
                try (ResultSet rs = statement.executeQuery("SELECT t::text FROM " + table + " t")) {
                    while (rs.next()) {
                        rows.add(rs.getString(1));
                    }
                }
            }
        }
        return rows;
    }

    private static String render(LogRecord record) {
        StringBuilder line = new StringBuilder(String.valueOf(record.getMessage()));
        if (record.getParameters() != null) {
            line.append(' ').append(Arrays.toString(record.getParameters()));
        }
        if (record instanceof ExtLogRecord ext) {
            line.append(' ').append(ext.getFormattedMessage());
        }
        if (record.getThrown() != null) {
            StringWriter trace = new StringWriter();
            record.getThrown().printStackTrace(new PrintWriter(trace));
            line.append(' ').append(trace);
        }
        return line.toString();
    }
}
