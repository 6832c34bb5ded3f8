package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.id;
import static io.crmsync.exception.Fixtures.itemsOf;
import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.GetExceptionMessageRequest;
import io.crmsync.proto.exception.v1.ListOpenItemKeysRequest;
import io.crmsync.proto.exception.v1.ListOpenItemKeysResponse;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.crmsync.proto.exception.v1.RunFinishedRequest;
import io.crmsync.proto.exception.v1.RunFinishedResponse;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.testsupport.PostgresTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class ResolveAndRunFinishedTest {

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Test
    void shouldResolveItemsWrittenByALaterRunAndThenTheirMessage() {
        // given
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2")).getMessage();
        String run = id();

        // when
        int first = resolve(point, run, "id=1", "id=9").getResolved();
        ExceptionMessage between = get(message.getId());
        int second = resolve(point, run, "id=2").getResolved();
        int repeated = resolve(point, run, "id=2").getResolved();

        // then
        assertThat(first).isEqualTo(1);
        assertThat(between.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(between.getOpenItemCount()).isEqualTo(1);
        assertThat(second).isEqualTo(1);
        assertThat(repeated).isZero();
        ExceptionMessage after = get(message.getId());
        assertThat(after.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
        assertThat(after.getOpenItemCount()).isZero();
        assertThat(after.getItemCount()).isEqualTo(2);
        assertThat(itemsOf(exceptions, message.getId())).allSatisfy(item -> {
            assertThat(item.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
            assertThat(item.getResolveRunId()).isEqualTo(run);
            assertThat(item.hasResolveTime()).isTrue();
        });
    }

    @Test
    void shouldLeaveAMessageIgnoredWhenOnlyIgnoredItemsRemain() {
        // given
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2")).getMessage();
        String ignored = itemsOf(exceptions, message.getId()).get(1).getId();
        exceptions.setExceptionState(SetExceptionStateRequest.newBuilder().setMessageId(message.getId())
                .addItemIds(ignored).setState(ExceptionState.EXCEPTION_STATE_IGNORED).build());

        // when
        resolve(point, id(), "id=1");

        // then
        assertThat(get(message.getId()).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_IGNORED);
    }

    @Test
    void shouldPageThroughTheOpenKeysOfAPoint() {
        // given
        String point = id();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add(String.format("id=%02d", i));
        }
        exceptions.recordRejects(rejects(point, id(), id(), keys.toArray(String[]::new)));
        resolve(point, id(), "id=03");

        // when
        List<String> listed = new ArrayList<>();
        String token = "";
        do {
            ListOpenItemKeysResponse page = exceptions.listOpenItemKeys(ListOpenItemKeysRequest.newBuilder()
                    .setIntegrationPointId(point).setPageSize(10).setPageToken(token).build());
            listed.addAll(page.getRecordKeysList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());

        // then
        keys.remove("id=03");
        assertThat(listed).containsExactlyElementsOf(keys);
    }

    @Test
    void shouldReopenTheItemsARetryRunDidNotResolve() {
        // given
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2")).getMessage();
        String retryRun = id();
        exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(message.getId()).setRunId(retryRun)
                .build());
        resolve(point, retryRun, "id=1");

        // when
        RunFinishedRequest finished = RunFinishedRequest.newBuilder().setIntegrationId(Fixtures.INTEGRATION)
                .setRunId(retryRun).setState(RunState.RUN_STATE_SUCCEEDED).setTrigger(RunTrigger.RUN_TRIGGER_RETRY)
                .addSucceededPointIds(point).setAllTasksSucceeded(true).build();
        RunFinishedResponse first = exceptions.runFinished(finished);
        RunFinishedResponse repeated = exceptions.runFinished(finished);

        // then
        assertThat(first.getReopenedMessages()).isEqualTo(1);
        assertThat(repeated.getReopenedMessages()).isZero();
        assertThat(repeated.getResolvedMessages()).isZero();
        ExceptionMessage after = get(message.getId());
        assertThat(after.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(after.getOpenItemCount()).isEqualTo(1);
        assertThat(after.getRetryRunId()).isEqualTo(retryRun);
        assertThat(itemsOf(exceptions, message.getId())).extracting(ExceptionItem::getState)
                .containsExactly(ExceptionState.EXCEPTION_STATE_RESOLVED, ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldResolveARetriedMessageWhoseRetryResolvedEveryItem() {
        // given
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1")).getMessage();
        String retryRun = id();
        exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(message.getId()).setRunId(retryRun)
                .build());

        // when: the retry writes the record (the worker resolves it), then the run finishes
        resolve(point, retryRun, "id=1");
        RunFinishedResponse finished = exceptions.runFinished(RunFinishedRequest.newBuilder()
                .setIntegrationId(Fixtures.INTEGRATION).setRunId(retryRun).setTrigger(RunTrigger.RUN_TRIGGER_RETRY)
                .addSucceededPointIds(point).setAllTasksSucceeded(true).build());

        // then
        assertThat(finished.getReopenedMessages()).isZero();
        assertThat(get(message.getId()).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
    }

    @Test
    void shouldResolveTheFailuresOfAnIntegrationWhenARunSucceedsEverywhere() {
        // given
        String integration = id();
        String pointFailure = failure(integration, "point-a", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        String configuration = failure(integration, "", ExceptionKind.EXCEPTION_KIND_CONFIGURATION);
        String ignored = failure(integration, "point-b", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        exceptions.setExceptionState(SetExceptionStateRequest.newBuilder().setMessageId(ignored)
                .setState(ExceptionState.EXCEPTION_STATE_IGNORED).build());
        RunFinishedRequest finished = RunFinishedRequest.newBuilder().setIntegrationId(integration).setRunId(id())
                .setState(RunState.RUN_STATE_SUCCEEDED).setTrigger(RunTrigger.RUN_TRIGGER_SCHEDULE)
                .setAllTasksSucceeded(true).build();

        // when
        RunFinishedResponse first = exceptions.runFinished(finished);
        RunFinishedResponse repeated = exceptions.runFinished(finished);

        // then: an ignored failure resolves too (its cause is gone; its dedup slot is free again)
        assertThat(first.getResolvedMessages()).isEqualTo(3);
        assertThat(repeated.getResolvedMessages()).isZero();
        assertThat(get(pointFailure).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
        assertThat(get(configuration).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
        assertThat(get(ignored).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
    }

    @Test
    void shouldApplyARunOnceSoThatARepeatedReportDoesNotResolveAFailureReportedSince() {
        // given: a run that succeeded everywhere, reported once
        String integration = id();
        failure(integration, "point-a", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        RunFinishedRequest finished = RunFinishedRequest.newBuilder().setIntegrationId(integration).setRunId(id())
                .setState(RunState.RUN_STATE_SUCCEEDED).setTrigger(RunTrigger.RUN_TRIGGER_SCHEDULE)
                .setAllTasksSucceeded(true).build();
        assertThat(exceptions.runFinished(finished).getResolvedMessages()).isEqualTo(1);
        // and the point failing again afterwards
        String later = failure(integration, "point-a", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);

        // when: the scheduler repeats the report (its first reply was lost)
        RunFinishedResponse repeated = exceptions.runFinished(finished);

        // then
        assertThat(repeated.getResolvedMessages()).isZero();
        assertThat(get(later).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldNotResolveFailuresSeenAfterTheRunWasCreated() {
        // given: a failure seen before the run started and one seen while it ran
        String integration = id();
        String before = failure(integration, "point-a", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        Instant created = Instant.now();
        sleepPast(created);
        String during = failure(integration, "point-b", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);

        // when
        RunFinishedResponse finished = exceptions.runFinished(RunFinishedRequest.newBuilder()
                .setIntegrationId(integration).setRunId(id()).setState(RunState.RUN_STATE_SUCCEEDED)
                .setTrigger(RunTrigger.RUN_TRIGGER_SCHEDULE).setAllTasksSucceeded(true)
                .setRunCreateTime(Timestamps.of(created)).build());

        // then
        assertThat(finished.getResolvedMessages()).isEqualTo(1);
        assertThat(get(before).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
        assertThat(get(during).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldNotResolveThePointFailuresByARetryRun() {
        // given: failures of the integration and of a point, not retried
        String integration = id();
        String whole = failure(integration, "", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        String point = failure(integration, "point-a", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);

        // when: a retry by key of that point succeeds everywhere
        RunFinishedResponse finished = exceptions.runFinished(RunFinishedRequest.newBuilder()
                .setIntegrationId(integration).setRunId(id()).setState(RunState.RUN_STATE_SUCCEEDED)
                .setTrigger(RunTrigger.RUN_TRIGGER_RETRY).addSucceededPointIds("point-a").setAllTasksSucceeded(true)
                .build());

        // then: re-reading some records is no evidence that the point's full read works
        assertThat(finished.getResolvedMessages()).isZero();
        assertThat(get(whole).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(get(point).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldNotMarkAMessageRetryingUnderARunThatHasFinished() {
        // given: the retry run finished before MarkRetrying arrived
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1")).getMessage();
        String retryRun = id();
        exceptions.runFinished(RunFinishedRequest.newBuilder().setIntegrationId(Fixtures.INTEGRATION)
                .setRunId(retryRun).setState(RunState.RUN_STATE_FAILED).setTrigger(RunTrigger.RUN_TRIGGER_RETRY)
                .build());

        // when
        ExceptionMessage marked = exceptions.markRetrying(MarkRetryingRequest.newBuilder()
                .setMessageId(message.getId()).setRunId(retryRun).build()).getMessage();

        // then: nothing would ever end that RETRYING
        assertThat(marked.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(marked.getRetryRunId()).isEmpty();
        assertThat(get(message.getId()).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(itemsOf(exceptions, message.getId())).extracting(ExceptionItem::getState)
                .containsExactly(ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldNotSkipKeysWhenItemsResolveBetweenPages() {
        // given: 25 open keys, the first page read
        String point = id();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            keys.add(String.format("id=%02d", i));
        }
        exceptions.recordRejects(rejects(point, id(), id(), keys.toArray(String[]::new)));
        ListOpenItemKeysResponse first = exceptions.listOpenItemKeys(ListOpenItemKeysRequest.newBuilder()
                .setIntegrationPointId(point).setPageSize(10).build());

        // when: keys of the first page resolve before the next page is read
        resolve(point, id(), "id=00", "id=01", "id=02");
        ListOpenItemKeysResponse second = exceptions.listOpenItemKeys(ListOpenItemKeysRequest.newBuilder()
                .setIntegrationPointId(point).setPageSize(10).setPageToken(first.getNextPageToken()).build());

        // then
        assertThat(first.getRecordKeysList()).containsExactlyElementsOf(keys.subList(0, 10));
        assertThat(second.getRecordKeysList()).containsExactlyElementsOf(keys.subList(10, 20));
    }

    @Test
    void shouldRefuseAPageTokenItDidNotIssue() {
        Fixtures.assertRefused(() -> exceptions.listOpenItemKeys(ListOpenItemKeysRequest.newBuilder()
                .setIntegrationPointId(id()).setPageToken("MTA").build()), io.grpc.Status.Code.INVALID_ARGUMENT,
                "crmsync.invalid_argument", "page_token");
    }

    private static void sleepPast(Instant instant) {
        while (!Instant.now().isAfter(instant.plusMillis(5))) {
            Thread.onSpinWait();
        }
    }

    @Test
    void shouldResolveOnlyTheFailuresOfSucceededPointsAfterAPartialRun() {
        // given
        String integration = id();
        String a = failure(integration, "point-a", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        String b = failure(integration, "point-b", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        String whole = failure(integration, "", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);

        // when
        RunFinishedResponse finished = exceptions.runFinished(RunFinishedRequest.newBuilder()
                .setIntegrationId(integration).setRunId(id()).setState(RunState.RUN_STATE_FAILED)
                .addSucceededPointIds("point-a").setAllTasksSucceeded(false).build());

        // then
        assertThat(finished.getResolvedMessages()).isEqualTo(1);
        assertThat(get(a).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
        assertThat(get(b).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(get(whole).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
    }

    @Test
    void shouldEndTheRetryOfAFailureMessageByTheOutcomeOfItsPoint() {
        // given
        String integration = id();
        String failed = failure(integration, "point-a", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        String fixed = failure(integration, "point-b", ExceptionKind.EXCEPTION_KIND_RUN_FAILURE);
        String retryA = id();
        String retryB = id();
        exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(failed).setRunId(retryA).build());
        exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(fixed).setRunId(retryB).build());

        // when
        RunFinishedResponse a = exceptions.runFinished(RunFinishedRequest.newBuilder().setIntegrationId(integration)
                .setRunId(retryA).setTrigger(RunTrigger.RUN_TRIGGER_RETRY).build());
        RunFinishedResponse b = exceptions.runFinished(RunFinishedRequest.newBuilder().setIntegrationId(integration)
                .setRunId(retryB).setTrigger(RunTrigger.RUN_TRIGGER_RETRY).addSucceededPointIds("point-b")
                .setAllTasksSucceeded(true).build());

        // then
        assertThat(a.getReopenedMessages()).isEqualTo(1);
        assertThat(get(failed).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(b.getResolvedMessages()).isEqualTo(1);
        assertThat(get(fixed).getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RESOLVED);
    }

    private String failure(String integration, String point, ExceptionKind kind) {
        return exceptions.reportFailure(ReportFailureRequest.newBuilder().setIntegrationId(integration)
                .setRunId(id()).setIntegrationPointId(point).setKind(kind).setCode("transfer.failed")
                .setMessage("it failed").build()).getMessage().getId();
    }

    private io.crmsync.proto.exception.v1.ResolveItemsResponse resolve(String point, String run, String... keys) {
        return exceptions.resolveItems(ResolveItemsRequest.newBuilder().setIntegrationPointId(point).setRunId(run)
                .addAllRecordKeys(List.of(keys)).build());
    }

    private ExceptionMessage get(String id) {
        return exceptions.getExceptionMessage(GetExceptionMessageRequest.newBuilder().setMessageId(id).build())
                .getMessage();
    }
}
