package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.assertRefused;
import static io.crmsync.exception.Fixtures.id;
import static io.crmsync.exception.Fixtures.itemsOf;
import static io.crmsync.exception.Fixtures.record;
import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.PrepareRetryRequest;
import io.crmsync.proto.exception.v1.PrepareRetryResponse;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateResponse;
import io.crmsync.testsupport.PostgresTestResource;
import io.grpc.Status;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class StateAndRetryTest {

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Test
    void shouldIgnoreAndReopenAMessageWithItsItems() {
        // given
        ExceptionMessage message = exceptions.recordRejects(rejects(id(), id(), id(), "id=1", "id=2")).getMessage();

        // when
        SetExceptionStateResponse ignored = setState(message.getId(), ExceptionState.EXCEPTION_STATE_IGNORED);
        SetExceptionStateResponse reopened = setState(message.getId(), ExceptionState.EXCEPTION_STATE_OPEN);

        // then
        assertThat(ignored.getChangedItems()).isEqualTo(2);
        assertThat(ignored.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_IGNORED);
        assertThat(ignored.getMessage().getOpenItemCount()).isZero();
        assertThat(reopened.getChangedItems()).isEqualTo(2);
        assertThat(reopened.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(reopened.getMessage().getOpenItemCount()).isEqualTo(2);
    }

    @Test
    void shouldReopenAnIgnoredItemAndWithItItsMessage() {
        // given
        ExceptionMessage message = exceptions.recordRejects(rejects(id(), id(), id(), "id=1", "id=2")).getMessage();
        List<ExceptionItem> items = itemsOf(exceptions, message.getId());
        setState(message.getId(), ExceptionState.EXCEPTION_STATE_IGNORED);

        // when
        SetExceptionStateResponse reopened = exceptions.setExceptionState(SetExceptionStateRequest.newBuilder()
                .setMessageId(message.getId()).addItemIds(items.get(1).getId())
                .setState(ExceptionState.EXCEPTION_STATE_OPEN).build());

        // then
        assertThat(reopened.getChangedItems()).isEqualTo(1);
        assertThat(reopened.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(reopened.getMessage().getOpenItemCount()).isEqualTo(1);
        assertThat(itemsOf(exceptions, message.getId())).extracting(ExceptionItem::getState)
                .containsExactly(ExceptionState.EXCEPTION_STATE_IGNORED, ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldMoveReopenedItemsUnderThePointsNewerOpenMessage() {
        // given
        String point = id();
        ExceptionMessage old = exceptions.recordRejects(rejects(point, id(), id(), "id=1")).getMessage();
        setState(old.getId(), ExceptionState.EXCEPTION_STATE_IGNORED);
        ExceptionMessage newer = exceptions.recordRejects(rejects(point, id(), id(), "id=2")).getMessage();

        // when
        SetExceptionStateResponse reopened = setState(old.getId(), ExceptionState.EXCEPTION_STATE_OPEN);

        // then
        assertThat(reopened.getChangedItems()).isEqualTo(1);
        assertThat(reopened.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
        assertThat(itemsOf(exceptions, newer.getId())).extracting(ExceptionItem::getRecordKey)
                .containsExactly("id=1", "id=2");
    }

    @Test
    void shouldRefuseBadStateChanges() {
        // given
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1")).getMessage();
        ExceptionMessage other = exceptions.recordRejects(rejects(id(), id(), id(), "id=1")).getMessage();
        String foreignItem = itemsOf(exceptions, other.getId()).get(0).getId();

        // when / then
        assertRefused(() -> setState(message.getId(), ExceptionState.EXCEPTION_STATE_RESOLVED),
                Status.Code.INVALID_ARGUMENT, "crmsync.invalid_argument", "state");
        assertRefused(() -> exceptions.setExceptionState(SetExceptionStateRequest.newBuilder()
                .setMessageId(message.getId()).addItemIds(foreignItem)
                .setState(ExceptionState.EXCEPTION_STATE_IGNORED).build()),
                Status.Code.INVALID_ARGUMENT, "crmsync.invalid_argument", foreignItem);
        assertRefused(() -> setState(id(), ExceptionState.EXCEPTION_STATE_IGNORED), Status.Code.NOT_FOUND,
                "exception.message_not_found", "not found");
        exceptions.resolveItems(ResolveItemsRequest.newBuilder().setIntegrationPointId(point).setRunId(id())
                .addRecordKeys("id=1").build());
        assertRefused(() -> setState(message.getId(), ExceptionState.EXCEPTION_STATE_IGNORED),
                Status.Code.FAILED_PRECONDITION, "exception.already_resolved", message.getId());
    }

    @Test
    void shouldPrepareARetryOfTheOpenItemsWithTheirKeys() {
        // given
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2", "id=3"))
                .getMessage();
        List<ExceptionItem> items = itemsOf(exceptions, message.getId());
        exceptions.setExceptionState(SetExceptionStateRequest.newBuilder().setMessageId(message.getId())
                .addItemIds(items.get(2).getId()).setState(ExceptionState.EXCEPTION_STATE_IGNORED).build());

        // when
        PrepareRetryResponse all = prepare(message.getId());
        PrepareRetryResponse named = exceptions.prepareRetry(PrepareRetryRequest.newBuilder()
                .setMessageId(message.getId()).addItemIds(items.get(2).getId()).build());

        // then: the ignored item only when named
        assertThat(all.getPointsList()).singleElement().satisfies(p -> {
            assertThat(p.getIntegrationPointId()).isEqualTo(point);
            assertThat(p.getItemIdsList()).containsExactly(items.get(0).getId(), items.get(1).getId());
            assertThat(p.getKeysList()).extracting(k -> k.getValues(0)).containsExactly("1", "2");
        });
        assertThat(named.getPoints(0).getItemIdsList()).containsExactly(items.get(2).getId());
        assertThat(message.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldMarkTheMessageAndItsItemsRetryingOncePerRun() {
        // given
        ExceptionMessage message = exceptions.recordRejects(rejects(id(), id(), id(), "id=1", "id=2")).getMessage();
        String run = id();
        MarkRetryingRequest mark = MarkRetryingRequest.newBuilder().setMessageId(message.getId()).setRunId(run).build();

        // when
        ExceptionMessage first = exceptions.markRetrying(mark).getMessage();
        ExceptionMessage repeated = exceptions.markRetrying(mark).getMessage();
        ExceptionMessage another = exceptions.markRetrying(mark.toBuilder().setRunId(id()).build()).getMessage();

        // then
        assertThat(first.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RETRYING);
        assertThat(first.getRetryRunId()).isEqualTo(run);
        assertThat(first.getRetryCount()).isEqualTo(1);
        assertThat(repeated.getRetryCount()).isEqualTo(1);
        assertThat(another.getRetryCount()).isEqualTo(2);
        assertThat(itemsOf(exceptions, message.getId())).extracting(ExceptionItem::getState)
                .containsOnly(ExceptionState.EXCEPTION_STATE_RETRYING);
    }

    @Test
    void shouldMarkOnlyTheChosenItemsTheRunHasNotResolvedAlready() {
        // given: a retry prepared for two items, one of which the retry run wrote before the mark arrived
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2")).getMessage();
        List<String> chosen = exceptions.prepareRetry(PrepareRetryRequest.newBuilder().setMessageId(message.getId())
                .build()).getPoints(0).getItemIdsList();
        exceptions.resolveItems(ResolveItemsRequest.newBuilder().setIntegrationPointId(point).setRunId(id())
                .addRecordKeys("id=1").build());

        // when
        ExceptionMessage marked = exceptions.markRetrying(MarkRetryingRequest.newBuilder()
                .setMessageId(message.getId()).addAllItemIds(chosen).setRunId(id()).build()).getMessage();

        // then
        assertThat(marked.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RETRYING);
        assertThat(itemsOf(exceptions, message.getId())).extracting(ExceptionItem::getRecordKey,
                ExceptionItem::getState).containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("id=1", ExceptionState.EXCEPTION_STATE_RESOLVED),
                        org.assertj.core.groups.Tuple.tuple("id=2", ExceptionState.EXCEPTION_STATE_RETRYING));
    }

    @Test
    void shouldRetryTheLeastRecentlyTriedItemsFirst() {
        // given: item id=1 is RETRYING under an earlier retry, id=2 is open
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2")).getMessage();
        String first = itemsOf(exceptions, message.getId()).stream().filter(i -> i.getRecordKey().equals("id=1"))
                .findFirst().orElseThrow().getId();
        exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(message.getId()).addItemIds(first)
                .setRunId(id()).build());

        // when
        List<String> keys = exceptions.prepareRetry(PrepareRetryRequest.newBuilder().setMessageId(message.getId())
                .build()).getPoints(0).getKeysList().stream().map(k -> k.getValues(0)).toList();

        // then: the open one comes first
        assertThat(keys).containsExactly("2", "1");
    }

    @Test
    void shouldRefuseARetryOfRecordsThatCannotBeReadByKey() {
        // given: the point has no match key, so its records came without key values
        ExceptionMessage message = exceptions.recordRejects(rejects(id(), id(), id()).toBuilder()
                .addRecords(record("id=1").toBuilder().clearKeyValues()).build()).getMessage();

        // when / then
        assertRefused(() -> prepare(message.getId()), Status.Code.FAILED_PRECONDITION, "exception.nothing_to_retry",
                "match key");
        assertRefused(() -> exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(message.getId())
                .setRunId(id()).build()), Status.Code.FAILED_PRECONDITION, "exception.nothing_to_retry", "match key");
    }

    @Test
    void shouldRefuseARetryOfAResolvedMessageOrOneWithNothingOpen() {
        // given
        String point = id();
        ExceptionMessage resolved = exceptions.recordRejects(rejects(point, id(), id(), "id=1")).getMessage();
        exceptions.resolveItems(ResolveItemsRequest.newBuilder().setIntegrationPointId(point).setRunId(id())
                .addRecordKeys("id=1").build());
        ExceptionMessage ignored = exceptions.recordRejects(rejects(id(), id(), id(), "id=1")).getMessage();
        setState(ignored.getId(), ExceptionState.EXCEPTION_STATE_IGNORED);

        // when / then
        assertRefused(() -> prepare(resolved.getId()), Status.Code.FAILED_PRECONDITION, "exception.already_resolved",
                resolved.getId());
        assertRefused(() -> prepare(ignored.getId()), Status.Code.FAILED_PRECONDITION, "exception.nothing_to_retry",
                "no open items");
    }

    @Test
    void shouldRetryAFailureMessageByRunningItsPointAgain() {
        // given
        String messageId = exceptions.reportFailure(ReportFailureRequest.newBuilder().setIntegrationId(id())
                .setIntegrationPointId("point-a").setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE)
                .setCode("transfer.source_unreachable").setMessage("down").build()).getMessage().getId();

        // when
        PrepareRetryResponse plan = prepare(messageId);
        ExceptionMessage marked = exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(messageId)
                .setRunId(id()).build()).getMessage();

        // then
        assertThat(plan.getPointsList()).isEmpty();
        assertThat(marked.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RETRYING);
    }

    private PrepareRetryResponse prepare(String messageId) {
        return exceptions.prepareRetry(PrepareRetryRequest.newBuilder().setMessageId(messageId).build());
    }

    private SetExceptionStateResponse setState(String messageId, ExceptionState state) {
        return exceptions.setExceptionState(SetExceptionStateRequest.newBuilder().setMessageId(messageId)
                .setState(state).build());
    }
}
