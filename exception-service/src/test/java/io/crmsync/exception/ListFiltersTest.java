package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.assertRefused;
import static io.crmsync.exception.Fixtures.id;
import static io.crmsync.exception.Fixtures.itemsOf;
import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.GetExceptionItemRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.testsupport.PostgresTestResource;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class ListFiltersTest {

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Test
    void shouldFilterMessagesByEveryField() {
        // given
        String integration = id();
        Instant before = Instant.now();
        ExceptionMessage failure = report(integration, "point-a", "transfer.source_unreachable",
                ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        ExceptionMessage configuration = report(integration, "", "config.unknown_field",
                ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
        exceptions.setExceptionState(SetExceptionStateRequest.newBuilder().setMessageId(configuration.getId())
                .setState(ExceptionState.EXCEPTION_STATE_IGNORED).build());
        ListExceptionMessagesRequest all = ListExceptionMessagesRequest.newBuilder().setIntegrationId(integration)
                .build();

        // when / then
        assertThat(ids(all)).containsExactly(configuration.getId(), failure.getId());
        assertThat(ids(all.toBuilder().addStates(ExceptionState.EXCEPTION_STATE_OPEN).build()))
                .containsExactly(failure.getId());
        assertThat(ids(all.toBuilder().addStates(ExceptionState.EXCEPTION_STATE_OPEN)
                .addStates(ExceptionState.EXCEPTION_STATE_IGNORED).build())).hasSize(2);
        assertThat(ids(all.toBuilder().setCode("config.unknown_field").build()))
                .containsExactly(configuration.getId());
        assertThat(ids(all.toBuilder().setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE).build()))
                .containsExactly(failure.getId());
        assertThat(ids(all.toBuilder().setIntegrationPointId("point-a").build())).containsExactly(failure.getId());
        assertThat(ids(all.toBuilder().setRunId(failure.getRunId()).build())).containsExactly(failure.getId());
        assertThat(ids(all.toBuilder().setSeenAfter(Timestamps.of(before.minusSeconds(60))).build())).hasSize(2);
        assertThat(ids(all.toBuilder().setSeenBefore(Timestamps.of(before.minusSeconds(60))).build())).isEmpty();
        assertThat(ids(all.toBuilder().setSeenAfter(Timestamps.of(Instant.now().plusSeconds(60))).build()))
                .isEmpty();
    }

    @Test
    void shouldListItemsByIntegrationRunStateCodeAndPoint() {
        // given
        String integration = id();
        String pointA = id();
        String pointB = id();
        String run1 = id();
        String run2 = id();
        exceptions.recordRejects(withIntegration(rejects(pointA, run1, id(), "id=1", "id=2"), integration));
        exceptions.recordRejects(withIntegration(rejects(pointB, run1, id(), "id=1"), integration));
        ExceptionMessage second = exceptions.recordRejects(withIntegration(rejects(pointA, run2, id(), "id=2"),
                integration)).getMessage();
        ListExceptionItemsRequest byIntegration = ListExceptionItemsRequest.newBuilder()
                .setIntegrationId(integration).build();

        // when / then
        assertThat(keys(byIntegration)).containsExactly("id=1", "id=2", "id=1");
        assertThat(keys(byIntegration.toBuilder().setIntegrationPointId(pointB).build())).containsExactly("id=1");
        assertThat(keys(ListExceptionItemsRequest.newBuilder().setRunId(run1).build())).hasSize(3);
        assertThat(keys(ListExceptionItemsRequest.newBuilder().setRunId(run2).build())).containsExactly("id=2");
        assertThat(keys(byIntegration.toBuilder().setRunId(run2).setMessageId(second.getId()).build()))
                .containsExactly("id=2");
        assertThat(keys(byIntegration.toBuilder().addStates(ExceptionState.EXCEPTION_STATE_RESOLVED).build()))
                .isEmpty();
        assertThat(keys(byIntegration.toBuilder().setCode("target.constraint_violation").build())).hasSize(3);
        assertThat(keys(byIntegration.toBuilder().setCode("other").build())).isEmpty();
    }

    @Test
    void shouldReadOneItemAndRefuseUnknownOnes() {
        // given
        ExceptionMessage message = exceptions.recordRejects(rejects(id(), id(), id(), "id=1")).getMessage();
        ExceptionItem listed = itemsOf(exceptions, message.getId()).get(0);

        // when
        ExceptionItem item = exceptions.getExceptionItem(GetExceptionItemRequest.newBuilder()
                .setItemId(listed.getId()).build()).getItem();

        // then
        assertThat(item).isEqualTo(listed);
        assertThat(item.getIntegrationId()).isEqualTo(Fixtures.INTEGRATION);
        assertThat(item.getPayloadExpireTime().getSeconds()).isGreaterThan(item.getCreateTime().getSeconds());
        assertRefused(() -> exceptions.getExceptionItem(GetExceptionItemRequest.newBuilder().setItemId(id()).build()),
                Status.Code.NOT_FOUND, "exception.item_not_found", "not found");
        assertRefused(() -> exceptions.getExceptionItem(GetExceptionItemRequest.newBuilder().setItemId("x").build()),
                Status.Code.INVALID_ARGUMENT, "crmsync.invalid_argument", "item_id");
    }

    @Test
    void shouldRequireAScopeForItems() {
        assertRefused(() -> exceptions.listExceptionItems(ListExceptionItemsRequest.newBuilder().build()),
                Status.Code.INVALID_ARGUMENT, "crmsync.invalid_argument", "message_id");
    }

    private ExceptionMessage report(String integration, String point, String code, ExceptionKind kind) {
        return exceptions.reportFailure(ReportFailureRequest.newBuilder().setIntegrationId(integration)
                .setRunId(id()).setIntegrationPointId(point).setKind(kind).setCode(code).setMessage("m").build())
                .getMessage();
    }

    private List<String> ids(ListExceptionMessagesRequest request) {
        return exceptions.listExceptionMessages(request).getMessagesList().stream().map(ExceptionMessage::getId)
                .toList();
    }

    private List<String> keys(ListExceptionItemsRequest request) {
        return exceptions.listExceptionItems(request).getItemsList().stream().map(ExceptionItem::getRecordKey)
                .toList();
    }

    private static RecordRejectsRequest withIntegration(RecordRejectsRequest request, String integration) {
        return request.toBuilder().setIntegrationId(integration).build();
    }
}
