package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ReportFailureResponse;
import io.crmsync.proto.exception.v1.RunFinishedRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.testsupport.PostgresTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class FailureDedupTest {

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Test
    void shouldCountTheSameFailureOnOneMessage() {
        // given
        String integration = id();
        String firstRun = id();
        String secondRun = id();

        // when
        ReportFailureResponse first = exceptions.reportFailure(failure(integration, firstRun, "Cannot connect (1)"));
        ReportFailureResponse second = exceptions.reportFailure(failure(integration, secondRun, "Cannot connect (2)"));

        // then
        assertThat(first.getCreated()).isTrue();
        assertThat(second.getCreated()).isFalse();
        assertThat(second.getMessage().getId()).isEqualTo(first.getMessage().getId());
        assertThat(second.getMessage().getOccurrenceCount()).isEqualTo(2);
        assertThat(second.getMessage().getRunId()).isEqualTo(secondRun);
        assertThat(second.getMessage().getMessage()).isEqualTo("Cannot connect (2)");
        assertThat(second.getMessage().getSide()).isEqualTo(ExceptionSide.EXCEPTION_SIDE_PLATFORM);
        assertThat(second.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
        assertThat(second.getMessage().getLastSeenTime().getSeconds())
                .isGreaterThanOrEqualTo(first.getMessage().getLastSeenTime().getSeconds());
    }

    @Test
    void shouldKeepSeparateMessagesPerPointAndCode() {
        // given
        String integration = id();

        // when
        ReportFailureResponse a = exceptions.reportFailure(failure(integration, id(), "x"));
        ReportFailureResponse b = exceptions.reportFailure(failure(integration, id(), "x").toBuilder()
                .setIntegrationPointId("point-b").build());
        ReportFailureResponse c = exceptions.reportFailure(failure(integration, id(), "x").toBuilder()
                .setCode("transfer.bad_credentials").build());

        // then
        assertThat(List.of(a.getCreated(), b.getCreated(), c.getCreated())).containsOnly(true);
    }

    @Test
    void shouldKeepCountingAnIgnoredFailureWithoutReopeningIt() {
        // given
        String integration = id();
        String messageId = exceptions.reportFailure(failure(integration, id(), "x")).getMessage().getId();
        exceptions.setExceptionState(SetExceptionStateRequest.newBuilder().setMessageId(messageId)
                .setState(ExceptionState.EXCEPTION_STATE_IGNORED).build());

        // when
        ReportFailureResponse again = exceptions.reportFailure(failure(integration, id(), "x"));

        // then
        assertThat(again.getCreated()).isFalse();
        assertThat(again.getMessage().getId()).isEqualTo(messageId);
        assertThat(again.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_IGNORED);
        assertThat(again.getMessage().getOccurrenceCount()).isEqualTo(2);
    }

    @Test
    void shouldCreateANewMessageOnceTheOldOneIsResolved() {
        // given
        String integration = id();
        String old = exceptions.reportFailure(failure(integration, id(), "x")).getMessage().getId();
        exceptions.runFinished(RunFinishedRequest.newBuilder().setIntegrationId(integration).setRunId(id())
                .setAllTasksSucceeded(true).build());

        // when
        ReportFailureResponse again = exceptions.reportFailure(failure(integration, id(), "x"));

        // then
        assertThat(again.getCreated()).isTrue();
        assertThat(again.getMessage().getId()).isNotEqualTo(old);
    }

    @Test
    void shouldCreateOneMessageWhenWorkersReportTheSameFailureAtOnce() throws Exception {
        // given
        String integration = id();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ReportFailureResponse>> calls = new ArrayList<>();

        // when
        for (int i = 0; i < 8; i++) {
            calls.add(pool.submit(() -> exceptions.reportFailure(failure(integration, id(), "x"))));
        }
        List<ReportFailureResponse> responses = new ArrayList<>();
        for (Future<ReportFailureResponse> call : calls) {
            responses.add(call.get());
        }
        pool.shutdown();

        // then
        assertThat(responses).filteredOn(ReportFailureResponse::getCreated).hasSize(1);
        assertThat(responses).extracting(r -> r.getMessage().getId()).containsOnly(responses.get(0).getMessage().getId());
        assertThat(exceptions.reportFailure(failure(integration, id(), "x")).getMessage().getOccurrenceCount())
                .isEqualTo(9);
    }

    private static ReportFailureRequest failure(String integration, String run, String text) {
        return ReportFailureRequest.newBuilder().setIntegrationId(integration).setRunId(run)
                .setKind(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE).setCode("transfer.source_unreachable")
                .setMessage(text).build();
    }
}
