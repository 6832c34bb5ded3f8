package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.id;
import static io.crmsync.exception.Fixtures.itemsOf;
import static io.crmsync.exception.Fixtures.record;
import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RecordRejectsResponse;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.testsupport.PostgresTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class RejectDedupTest {

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Test
    void shouldKeepOneItemWithAGrowingAttemptCountWhenARecordFailsOnTenRuns() {
        // given
        String point = id();
        String[] runs = new String[10];
        RecordRejectsResponse last = null;

        // when
        for (int run = 0; run < 10; run++) {
            runs[run] = id();
            last = exceptions.recordRejects(rejects(point, runs[run], id(), "email=a@x"));
        }

        // then
        assertThat(last.getCreated()).isZero();
        assertThat(last.getRecorded()).isEqualTo(1);
        ExceptionMessage message = last.getMessage();
        assertThat(message.getItemCount()).isEqualTo(1);
        assertThat(message.getOpenItemCount()).isEqualTo(1);
        assertThat(message.getOccurrenceCount()).isEqualTo(10);
        assertThat(message.getRunId()).isEqualTo(runs[9]);
        assertThat(itemsOf(exceptions, message.getId())).singleElement().satisfies(item -> {
            assertThat(item.getAttemptCount()).isEqualTo(10);
            assertThat(item.getLastRunId()).isEqualTo(runs[9]);
            assertThat(item.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_OPEN);
            assertThat(item.getKeyValuesList()).containsExactly("a@x");
        });
        for (String run : runs) {
            assertThat(exceptions.listExceptionItems(ListExceptionItemsRequest.newBuilder().setRunId(run).build())
                    .getItemsList()).hasSize(1);
        }
        assertThat(exceptions.listExceptionMessages(ListExceptionMessagesRequest.newBuilder()
                .setIntegrationPointId(point).build()).getMessagesList()).hasSize(1);
    }

    @Test
    void shouldCountARecordOncePerRunHoweverOftenItIsSent() {
        // given
        String point = id();
        String run = id();
        String batch = id();
        exceptions.recordRejects(rejects(point, run, batch, "id=1", "id=2"));

        // when: the same batch resent, and another batch of the same run with one of its records
        RecordRejectsResponse resent = exceptions.recordRejects(rejects(point, run, batch, "id=1", "id=2"));
        RecordRejectsResponse other = exceptions.recordRejects(rejects(point, run, id(), "id=2", "id=3"));

        // then
        assertThat(resent.getRecorded()).isZero();
        assertThat(other.getRecorded()).isEqualTo(2);
        assertThat(other.getCreated()).isEqualTo(1);
        assertThat(other.getMessage().getOccurrenceCount()).isEqualTo(1);
        assertThat(other.getMessage().getItemCount()).isEqualTo(3);
        assertThat(itemsOf(exceptions, other.getMessage().getId())).extracting(ExceptionItem::getAttemptCount)
                .containsExactly(1, 1, 1);
    }

    @Test
    void shouldUpdateTheItemToTheLatestRejection() {
        // given
        String point = id();
        exceptions.recordRejects(rejects(point, id(), id(), "id=1"));
        RejectedRecord changed = record("id=1").toBuilder().setCode("target.duplicate_value")
                .setMessage("duplicate").setPayloadJson("{\"id\":1,\"age\":4}").build();

        // when
        RecordRejectsResponse again = exceptions.recordRejects(rejects(point, id(), id()).toBuilder()
                .addRecords(changed).build());

        // then
        assertThat(itemsOf(exceptions, again.getMessage().getId())).singleElement().satisfies(item -> {
            assertThat(item.getCode()).isEqualTo("target.duplicate_value");
            assertThat(item.getMessage()).isEqualTo("duplicate");
            assertThat(item.getPayloadJson()).isEqualTo("{\"id\":1,\"age\":4}");
            assertThat(item.getAttemptCount()).isEqualTo(2);
        });
    }

    @Test
    void shouldAlwaysAddAnItemForARecordWithoutKey() {
        // given
        String point = id();

        // when
        exceptions.recordRejects(rejects(point, id(), id(), ""));
        RecordRejectsResponse second = exceptions.recordRejects(rejects(point, id(), id(), "", ""));

        // then
        assertThat(second.getCreated()).isEqualTo(2);
        assertThat(second.getMessage().getItemCount()).isEqualTo(3);
    }

    @Test
    void shouldReopenARetryingItemRejectedAgain() {
        // given
        String point = id();
        ExceptionMessage message = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2")).getMessage();
        String retryRun = id();
        exceptions.markRetrying(MarkRetryingRequest.newBuilder().setMessageId(message.getId()).setRunId(retryRun)
                .build());

        // when: the retry run rejects one of them again
        RecordRejectsResponse again = exceptions.recordRejects(rejects(point, retryRun, id(), "id=1"));

        // then
        assertThat(again.getMessage().getId()).isEqualTo(message.getId());
        assertThat(again.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_RETRYING);
        assertThat(itemsOf(exceptions, message.getId())).extracting(ExceptionItem::getState)
                .containsExactly(ExceptionState.EXCEPTION_STATE_OPEN, ExceptionState.EXCEPTION_STATE_RETRYING);
    }

    @Test
    void shouldKeepAnIgnoredItemIgnoredUnderItsMessageAndPutNewRecordsUnderANewMessage() {
        // given
        String point = id();
        ExceptionMessage ignored = exceptions.recordRejects(rejects(point, id(), id(), "id=1")).getMessage();
        exceptions.setExceptionState(SetExceptionStateRequest.newBuilder().setMessageId(ignored.getId())
                .setState(ExceptionState.EXCEPTION_STATE_IGNORED).build());

        // when
        RecordRejectsResponse onlyIgnored = exceptions.recordRejects(rejects(point, id(), id(), "id=1"));
        RecordRejectsResponse withNew = exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2"));

        // then
        assertThat(onlyIgnored.getMessage().getId()).isEqualTo(ignored.getId());
        assertThat(onlyIgnored.getMessage().getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_IGNORED);
        assertThat(withNew.getMessage().getId()).isNotEqualTo(ignored.getId());
        assertThat(withNew.getCreated()).isEqualTo(1);
        assertThat(itemsOf(exceptions, ignored.getId())).singleElement().satisfies(item -> {
            assertThat(item.getState()).isEqualTo(ExceptionState.EXCEPTION_STATE_IGNORED);
            assertThat(item.getAttemptCount()).isEqualTo(3);
        });
        assertThat(itemsOf(exceptions, withNew.getMessage().getId())).extracting(ExceptionItem::getRecordKey)
                .containsExactly("id=2");
    }

    @Test
    void shouldRecordAThousandRecordsInOneBatch() {
        // given
        String point = id();
        String[] keys = new String[1000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = "id=" + i;
        }
        RecordRejectsRequest batch = rejects(point, id(), id(), keys);

        // when
        RecordRejectsResponse first = exceptions.recordRejects(batch);
        RecordRejectsResponse second = exceptions.recordRejects(batch.toBuilder().setRunId(id()).setBatchId(id())
                .build());

        // then
        assertThat(first.getCreated()).isEqualTo(1000);
        assertThat(second.getCreated()).isZero();
        assertThat(second.getRecorded()).isEqualTo(1000);
        List<ExceptionItem> items = itemsOf(exceptions, second.getMessage().getId());
        assertThat(items).hasSize(1000).allSatisfy(i -> assertThat(i.getAttemptCount()).isEqualTo(2));
    }

    @Test
    void shouldKeepSourceAndTargetRejectsOfAPointInTwoMessages() {
        // given
        String point = id();
        String run = id();
        RecordRejectsRequest target = rejects(point, run, id(), "id=1");
        RecordRejectsRequest source = rejects(point, run, id(), "id=2");
        source = source.toBuilder().setRecords(0, source.getRecords(0).toBuilder()
                .setSide(io.crmsync.proto.exception.v1.ExceptionSide.EXCEPTION_SIDE_SOURCE)).build();

        // when
        RecordRejectsResponse fromTarget = exceptions.recordRejects(target);
        RecordRejectsResponse fromSource = exceptions.recordRejects(source);
        RecordRejectsResponse targetAgain = exceptions.recordRejects(rejects(point, id(), id(), "id=3"));

        // then
        assertThat(fromSource.getMessage().getId()).isNotEqualTo(fromTarget.getMessage().getId());
        assertThat(fromSource.getMessage().getSide())
                .isEqualTo(io.crmsync.proto.exception.v1.ExceptionSide.EXCEPTION_SIDE_SOURCE);
        assertThat(fromSource.getCreated()).isEqualTo(1);
        assertThat(targetAgain.getMessage().getId()).isEqualTo(fromTarget.getMessage().getId());
        assertThat(itemsOf(exceptions, fromTarget.getMessage().getId())).extracting(ExceptionItem::getRecordKey)
                .containsExactly("id=1", "id=3");
        assertThat(itemsOf(exceptions, fromSource.getMessage().getId())).extracting(ExceptionItem::getRecordKey)
                .containsExactly("id=2");

        // and: the record the source refused, now refused by the target, moves under the target's message
        RecordRejectsResponse moved = exceptions.recordRejects(rejects(point, id(), id(), "id=2"));
        assertThat(moved.getMessage().getId()).isEqualTo(fromTarget.getMessage().getId());
        assertThat(moved.getMessage().getOpenItemCount()).isEqualTo(3);
        assertThat(itemsOf(exceptions, fromTarget.getMessage().getId())).extracting(ExceptionItem::getRecordKey)
                .containsExactly("id=1", "id=2", "id=3");
        assertThat(exceptions.getExceptionMessage(io.crmsync.proto.exception.v1.GetExceptionMessageRequest
                .newBuilder().setMessageId(fromSource.getMessage().getId()).build()).getMessage().getState())
                .isEqualTo(io.crmsync.proto.exception.v1.ExceptionState.EXCEPTION_STATE_RESOLVED);
    }

}
