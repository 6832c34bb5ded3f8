package io.crmsync.worker.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.EndpointType;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.transfer.v1.PreviewRecord;
import io.crmsync.proto.transfer.v1.PreviewRecordsRequest;
import io.crmsync.proto.transfer.v1.TransferServiceGrpc.TransferServiceBlockingStub;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.testing.Db;
import io.crmsync.worker.testing.FakeRemotes;
import io.crmsync.worker.testing.FilterTrees;
import io.crmsync.worker.testing.Fixtures;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** Previews a point over the worker's real gRPC channel, from a real PostgreSQL source; config is a stand-in. */
@QuarkusTest
class PreviewRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String sourceUrl;
    private static String targetUrl;

    @GrpcClient("transfer")
    TransferServiceBlockingStub transfer;

    @BeforeAll
    static void createDatabases() {
        sourceUrl = Db.recreate(Fixtures.SOURCE_DB);
        targetUrl = Db.recreate(Fixtures.TARGET_DB);
        try (Db source = Db.connect(sourceUrl); Db target = Db.connect(targetUrl)) {
            source.exec(Fixtures.SOURCE_TABLE);
            Fixtures.seedContacts(source, 60, 1);
            // Modified before all others: first in cursor order although its id is not.
            source.exec("UPDATE contacts SET updated_at = updated_at - interval '1 day' WHERE id = 20");
            target.exec(Fixtures.TARGET_TABLE);
        }
    }

    @BeforeEach
    void registerEndpoints() {
        FakeRemotes.reset();
        endpoint("source-id", "source", sourceUrl);
        endpoint("target-id", "target", targetUrl);
    }

    @Test
    void shouldMapTheFirstRecordsInCursorOrderThroughTheRulesWithoutWritingTheTarget() {
        // given
        IntegrationPoint.Builder point = Fixtures.contactsPoint();
        point.setFieldRules(3, Fixtures.constant("Imported", "last_name"));
        point.addSensitiveFields("email"); // redacted in exception snapshots only, never in a preview
        givenPoint(point.build());

        // when
        List<PreviewRecord> records = preview(5);

        // then
        assertThat(records).extracting(r -> json(r.getSourceJson()).get("id").asLong())
                .containsExactly(20L, 1L, 2L, 3L, 4L);
        JsonNode first = json(records.get(0).getTargetJson());
        assertThat(first.get("id").asLong()).isEqualTo(20);
        assertThat(first.get("email").asText()).isEqualTo("person20@example.com");
        assertThat(first.get("last_name").asText()).isEqualTo("Imported");
        assertThat(first.get("age").asInt()).isEqualTo(40);
        assertThat(json(records.get(0).getSourceJson()).get("last_name")).isNull();
        assertThat(json(records.get(0).getSourceJson()).get("email").asText()).isEqualTo("person20@example.com");
        assertThat(records).allSatisfy(r -> assertThat(r.getProblemsList()).isEmpty());
        try (Db target = Db.connect(targetUrl)) {
            assertThat(target.count("contacts")).isZero();
        }
    }

    @Test
    void shouldApplyTheFilterAndReadTenRecordsByDefault() {
        // given ages are 20 + id % 50: ids 15..49 are at least 35
        givenPoint(Fixtures.contactsPoint().setFilter("age >= 35")
                .setFilterExpression(FilterTrees.compare("age", FilterOperator.FILTER_OPERATOR_GREATER_OR_EQUAL, 35L))
                .build());

        // when
        List<PreviewRecord> records = preview(0);

        // then
        assertThat(records).extracting(r -> json(r.getSourceJson()).get("id").asLong())
                .containsExactly(20L, 15L, 16L, 17L, 18L, 19L, 21L, 22L, 23L, 24L);
    }

    @Test
    void shouldAnswerFailedPreconditionWithTheRunsMessageForABadPoint() {
        // given
        givenPoint(Fixtures.contactsPoint().addFieldRules(Fixtures.copy("email", "nope")).build());

        // then
        assertThatThrownBy(() -> preview(5)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(GrpcErrors.reasonOf(e)).contains("transfer.configuration_invalid");
            assertThat(e.getStatus().getDescription()).isEqualTo(
                    "target field 'nope' does not exist in target object 'contacts' on endpoint 'target'");
        });
    }

    @Test
    void shouldAnswerFailedPreconditionWhenNoConnectorServesTheSource() {
        // given
        givenPoint(Fixtures.contactsPoint().build());
        // A type from a newer config-service than this worker (every type it knows has a connector).
        FakeRemotes.ENDPOINTS.put("source-id", Endpoint.newBuilder().setId("source-id").setName("hub")
                .setTypeValue(42).build());

        // then
        assertThatThrownBy(() -> preview(5)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.FAILED_PRECONDITION);
            assertThat(e.getStatus().getDescription()).isEqualTo("no connector for endpoint type unrecognized yet "
                    + "(endpoint 'hub')");
        });
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownIntegrationOrPoint() {
        // given
        givenPoint(Fixtures.contactsPoint().build());

        // then
        assertThatThrownBy(() -> transfer.previewRecords(request("nope", "point-1", 5)))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
        assertThatThrownBy(() -> transfer.previewRecords(request("integration-1", "nope", 5)))
                .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                    assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
                    assertThat(e.getStatus().getDescription())
                            .isEqualTo("integration point nope does not exist in integration 'contacts sync'");
                });
    }

    @Test
    void shouldRefuseALimitAboveOneHundred() {
        // given
        givenPoint(Fixtures.contactsPoint().build());

        // then
        assertThatThrownBy(() -> preview(101)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo("limit: must be between 1 and 100");
        });
    }

    private List<PreviewRecord> preview(int limit) {
        return transfer.previewRecords(request("integration-1", "point-1", limit)).getRecordsList();
    }

    private static PreviewRecordsRequest request(String integrationId, String pointId, int limit) {
        return PreviewRecordsRequest.newBuilder().setIntegrationId(integrationId).setIntegrationPointId(pointId)
                .setLimit(limit).build();
    }

    private static void givenPoint(IntegrationPoint point) {
        FakeRemotes.INTEGRATIONS.put("integration-1", Fixtures.integration(point, true, true));
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void endpoint(String id, String name, String jdbcUrl) {
        FakeRemotes.ENDPOINTS.put(id, Endpoint.newBuilder().setId(id).setName(name)
                .setType(EndpointType.ENDPOINT_TYPE_POSTGRESQL)
                .putAllSettings(Map.of("jdbcUrl", jdbcUrl, "username", TestDatabases.user())).build());
        FakeRemotes.CREDENTIALS.put(id, Map.of("password", TestDatabases.password()));
    }
}
