package io.crmsync.config.grpc;

import static io.crmsync.config.Fixtures.put;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.config.Fixtures;
import io.crmsync.proto.config.v1.ConfigServiceGrpc;
import io.crmsync.proto.config.v1.CredentialStatus;
import io.crmsync.proto.config.v1.Direction;
import io.crmsync.proto.config.v1.Endpoint;
import io.crmsync.proto.config.v1.EndpointType;
import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.GetEndpointRequest;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.GetReferenceLookupRequest;
import io.crmsync.proto.config.v1.GetReferenceLookupResponse;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.LookupRow;
import io.crmsync.proto.config.v1.Operation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** ConfigService through a real channel to the service's own gRPC server. */
@QuarkusTest
class ConfigGrpcServiceTest {

    @GrpcClient("config")
    ConfigServiceGrpc.ConfigServiceBlockingStub config;

    @Test
    void shouldReturnTheIntegrationWithResolvedEndpointsAndItsVersion() {
        // given
        String home = Fixtures.postgresEndpoint();
        String remote = Fixtures.hubspotEndpoint();
        String integrationId = Fixtures.integration(Fixtures.connection(home, remote));
        String pull = Fixtures.addPoint(integrationId, "pull");
        String push = Fixtures.create("/api/v1/integrations/" + integrationId + "/points",
                Fixtures.pointBody("push").replace("\"inbound\"", "\"outbound\"")
                        .replace("\"upsert\"", "\"insert_only\""));
        // when
        Integration integration = stub().getIntegration(GetIntegrationRequest.newBuilder()
                .setIntegrationId(integrationId).build()).getIntegration();
        // then
        assertThat(integration.getId()).isEqualTo(integrationId);
        assertThat(integration.getVersion()).isEqualTo(3);
        assertThat(integration.getActive()).isFalse();
        assertThat(integration.getFailureThreshold()).isEqualTo(10);
        assertThat(integration.getPointsList()).extracting(IntegrationPoint::getId).containsExactly(pull, push);
        IntegrationPoint inbound = integration.getPoints(0);
        assertThat(inbound.getDirection()).isEqualTo(Direction.DIRECTION_INBOUND);
        assertThat(inbound.getSourceEndpointId()).isEqualTo(remote);
        assertThat(inbound.getTargetEndpointId()).isEqualTo(home);
        assertThat(inbound.getOperation()).isEqualTo(Operation.OPERATION_UPSERT);
        assertThat(inbound.getMatchKeyList()).containsExactly("external_id");
        assertThat(inbound.getCursorField()).isEqualTo("LastModifiedDate");
        assertThat(inbound.getFieldRulesList()).extracting(FieldRule::getTargetField)
                .containsExactly("external_id", "email", "owner_name", "origin");
        assertThat(inbound.getFieldRules(2).getSourceField()).isEqualTo("Owner.Name");
        assertThat(inbound.getFieldRules(3).getValueCase()).isEqualTo(FieldRule.ValueCase.CONSTANT);
        assertThat(inbound.getFieldRules(3).getConstant()).isEqualTo("crm");
        IntegrationPoint outbound = integration.getPoints(1);
        assertThat(outbound.getSourceEndpointId()).isEqualTo(home);
        assertThat(outbound.getTargetEndpointId()).isEqualTo(remote);
        assertThat(outbound.getOperation()).isEqualTo(Operation.OPERATION_INSERT_ONLY);
    }

    @Test
    void shouldFollowChangesWithANewVersion() {
        // given
        String integrationId = Fixtures.integration(Fixtures.connection());
        long before = stub().getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(integrationId).build())
                .getIntegration().getVersion();
        // when
        Fixtures.addPoint(integrationId, "contacts");
        // then
        Integration after = stub().getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(integrationId)
                .build()).getIntegration();
        assertThat(after.getVersion()).isEqualTo(before + 1);
        assertThat(after.getPointsCount()).isEqualTo(1);
    }

    @Test
    void shouldReturnTheEndpointWithoutSecrets() {
        // given
        String id = Fixtures.postgresEndpoint();
        put("/api/v1/endpoints/" + id + "/credential", "{\"secrets\": {\"password\": \"grpc-endpoint-secret\"}}")
                .statusCode(204);
        // when
        Endpoint endpoint = stub().getEndpoint(GetEndpointRequest.newBuilder().setEndpointId(id).build()).getEndpoint();
        // then
        assertThat(endpoint.getType()).isEqualTo(EndpointType.ENDPOINT_TYPE_POSTGRESQL);
        assertThat(endpoint.getSettingsMap()).containsEntry("jdbcUrl", "jdbc:postgresql://localhost:5432/crm")
                .containsEntry("username", "sync");
        assertThat(endpoint.getCredentialStatus()).isEqualTo(CredentialStatus.CREDENTIAL_STATUS_CONNECTED);
        assertThat(endpoint.getVersion()).isEqualTo(2);
        assertThat(endpoint.toString()).doesNotContain("grpc-endpoint-secret");
        assertThat(given().get("/api/v1/endpoints/" + id).then().extract().<String> path("name"))
                .isEqualTo(endpoint.getName());
    }

    @Test
    void shouldAnswerNotFoundWithTheReason() {
        StatusRuntimeException integration = catchThrowableOfType(StatusRuntimeException.class, () -> stub()
                .getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(UUID.randomUUID().toString())
                        .build()));
        assertThat(integration.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
        assertThat(GrpcErrors.reasonOf(integration)).contains("config.integration_not_found");

        StatusRuntimeException endpoint = catchThrowableOfType(StatusRuntimeException.class, () -> stub()
                .getEndpoint(GetEndpointRequest.newBuilder().setEndpointId(UUID.randomUUID().toString()).build()));
        assertThat(GrpcErrors.reasonOf(endpoint)).contains("config.endpoint_not_found");
    }

    @Test
    void shouldAnswerInvalidArgumentForAMalformedId() {
        StatusRuntimeException failure = catchThrowableOfType(StatusRuntimeException.class, () -> stub()
                .getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId("42").build()));
        assertThat(failure.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        assertThat(failure.getStatus().getDescription()).contains("integration_id");
    }

    @Test
    void shouldServeAReferenceLookupPageByPageInUploadOrder() {
        // given: 2,500 rows, more than one page
        String name = Fixtures.unique("codes");
        String id = Fixtures.create("/api/v1/lookups", "{\"name\": \"" + name + "\"}");
        String csv = "source,target\n" + IntStream.range(0, 2_500)
                .mapToObj(i -> "c" + i + ",v" + i).collect(Collectors.joining("\n"));
        given().contentType("text/csv").body(csv).put("/api/v1/lookups/" + id + "/entries")
                .then().statusCode(200);
        // when
        List<LookupRow> rows = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            GetReferenceLookupResponse page = stub().getReferenceLookup(GetReferenceLookupRequest.newBuilder()
                    .setName(name).setPageToken(token).build());
            assertThat(page.getName()).isEqualTo(name);
            rows.addAll(page.getRowsList());
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());
        // then
        assertThat(pages).isEqualTo(3);
        assertThat(rows).hasSize(2_500);
        assertThat(rows.get(0).getSource()).isEqualTo("c0");
        assertThat(rows.get(2_499).getTarget()).isEqualTo("v2499");
        assertThatThrownBy(() -> stub().getReferenceLookup(GetReferenceLookupRequest.newBuilder()
                .setName("no-such-" + name).build()))
                .isInstanceOfSatisfying(StatusRuntimeException.class,
                        e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND));
    }

    private ConfigServiceGrpc.ConfigServiceBlockingStub stub() {
        return config.withDeadlineAfter(10, TimeUnit.SECONDS);
    }
}
