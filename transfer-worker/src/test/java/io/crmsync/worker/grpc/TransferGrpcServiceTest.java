package io.crmsync.worker.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.EndpointType;
import io.crmsync.proto.transfer.v1.DescribeObjectRequest;
import io.crmsync.proto.transfer.v1.DescribeObjectResponse;
import io.crmsync.proto.transfer.v1.FieldDescription;
import io.crmsync.proto.transfer.v1.TestConnectionRequest;
import io.crmsync.proto.transfer.v1.TestConnectionResponse;
import io.crmsync.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.FakeRemotes;
import io.crmsync.worker.testing.Fixtures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Calls the worker's TransferService over a real gRPC channel; config-service is a stand-in. */
@QuarkusTest
class TransferGrpcServiceTest {

    private static String url;

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfer;

    @BeforeAll
    static void createDatabase() {
        url = Db.recreate(Fixtures.TARGET_DB);
        try (Db db = Db.connect(url)) {
            db.exec(Fixtures.TARGET_TABLE);
        }
    }

    @BeforeEach
    void registerEndpoints() {
        FakeRemotes.reset();
        endpoint("warehouse", url, TestDatabases.password());
        endpoint("down", "jdbc:postgresql://localhost:1/crm", "s3cret-pw");
        // A type from a newer config-service than this worker (every type it knows has a connector).
        FakeRemotes.ENDPOINTS.put("newer", Endpoint.newBuilder().setId("newer").setName("newer")
                .setTypeValue(42).build());
    }

    @Test
    void shouldReportTheServerVersionWhenTheConnectionWorks() {
        // when
        TestConnectionResponse response = transfer.testConnection(request("warehouse"));

        // then
        assertThat(response.getOk()).isTrue();
        assertThat(response.getMessage()).startsWith("connected to PostgreSQL 1");
    }

    @Test
    void shouldAnswerNotOkWithoutSecretsWhenTheEndpointIsUnreachable() {
        // when
        TestConnectionResponse response = transfer.testConnection(request("down"));

        // then
        assertThat(response.getOk()).isFalse();
        assertThat(response.getMessage()).isEqualTo("endpoint 'down': could not connect: connection refused");
    }

    @Test
    void shouldRefuseToConnectToAnInternalHostConfigServiceLetThrough() {
        // given: a name that resolves to the loopback address, which only "localhost" is allowed as
        endpoint("rebound", "jdbc:postgresql://127.0.0.1:5432/crm", "s3cret-pw");
        endpoint("metadata", "jdbc:postgresql://169.254.169.254:5432/crm", "s3cret-pw");

        // when
        TestConnectionResponse loopback = transfer.testConnection(request("rebound"));
        TestConnectionResponse metadata = transfer.testConnection(request("metadata"));

        // then: refused before any connection, naming the setting and why
        assertThat(loopback.getOk()).isFalse();
        assertThat(loopback.getMessage()).startsWith("endpoint 'rebound': setting jdbcUrl host '127.0.0.1' resolves "
                + "to a loopback address");
        assertThat(metadata.getOk()).isFalse();
        assertThat(metadata.getMessage()).contains("169.254.169.254").doesNotContain("s3cret-pw");
    }

    @Test
    void shouldAnswerNotOkForAnEndpointTypeWithoutConnector() {
        // when
        TestConnectionResponse response = transfer.testConnection(request("newer"));

        // then
        assertThat(response.getOk()).isFalse();
        assertThat(response.getMessage()).isEqualTo("no connector for endpoint type unrecognized yet");
    }

    @Test
    void shouldDescribeColumnsWithTypeNullabilityAndKey() {
        // when
        DescribeObjectResponse response = transfer.describeObject(DescribeObjectRequest.newBuilder()
                .setEndpointId("warehouse").setObjectName("contacts").build());

        // then
        assertThat(response.getFieldsList()).extracting(FieldDescription::getName).containsExactly("id", "email",
                "first_name", "last_name", "age", "updated_at");
        assertThat(response.getFields(0)).isEqualTo(FieldDescription.newBuilder().setName("id").setType("bigint")
                .setNullable(false).setKey(true).build());
        assertThat(response.getFields(1)).isEqualTo(FieldDescription.newBuilder().setName("email")
                .setType("character varying(40)").setNullable(true).setKey(false).build());
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownObject() {
        assertThatThrownBy(() -> transfer.describeObject(DescribeObjectRequest.newBuilder()
                .setEndpointId("warehouse").setObjectName("nope").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(GrpcErrors.reasonOf(e)).contains("transfer.object_not_found");
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("object 'nope' does not exist on endpoint 'warehouse'");
                });
    }

    @Test
    void shouldAnswerInvalidArgumentForAMissingObjectName() {
        assertThatThrownBy(() -> transfer.describeObject(DescribeObjectRequest.newBuilder()
                .setEndpointId("warehouse").build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                    assertThat(e.getStatus().getDescription()).isEqualTo("object_name: is required");
                });
    }

    @Test
    void shouldPassOnConfigServicesNotFoundForAnUnknownEndpoint() {
        assertThatThrownBy(() -> transfer.testConnection(request("unknown")))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(GrpcErrors.reasonOf(e)).contains("config.endpoint_not_found");
                });
    }

    private static TestConnectionRequest request(String endpointId) {
        return TestConnectionRequest.newBuilder().setEndpointId(endpointId).build();
    }

    private static void endpoint(String id, String jdbcUrl, String password) {
        FakeRemotes.ENDPOINTS.put(id, Endpoint.newBuilder().setId(id).setName(id)
                .setType(EndpointType.ENDPOINT_TYPE_POSTGRESQL)
                .putAllSettings(Map.of("jdbcUrl", jdbcUrl, "username", TestDatabases.user())).build());
        FakeRemotes.CREDENTIALS.put(id, Map.of("password", password));
    }
}
