package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.id;
import static io.crmsync.exception.Fixtures.itemsOf;
import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.RecordRejectsResponse;
import io.crmsync.testsupport.PostgresTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class ConcurrentRejectsTest {

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Test
    void shouldKeepOneMessageAndExactCountsWhenFourWorkersRejectForThePointAtOnce() throws Exception {
        // given: 4 workers of 2 runs, each batch holding 50 keys shared by all and 50 of its own
        String point = id();
        String[] runs = { id(), id() };
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<RecordRejectsResponse>> calls = new ArrayList<>();

        // when
        for (int worker = 0; worker < 4; worker++) {
            String run = runs[worker % 2];
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                keys.add("shared=" + i);
                keys.add("own" + worker + "=" + i);
            }
            for (int batch = 0; batch < 3; batch++) {
                String[] batchKeys = keys.toArray(String[]::new);
                calls.add(pool.submit(() -> {
                    start.await();
                    return exceptions.recordRejects(rejects(point, run, id(), batchKeys));
                }));
            }
        }
        start.countDown();
        for (Future<RecordRejectsResponse> call : calls) {
            call.get();
        }
        pool.shutdown();

        // then
        List<ExceptionMessage> messages = exceptions.listExceptionMessages(ListExceptionMessagesRequest.newBuilder()
                .setIntegrationPointId(point).build()).getMessagesList();
        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.getItemCount()).isEqualTo(250);
            assertThat(m.getOpenItemCount()).isEqualTo(250);
            assertThat(m.getOccurrenceCount()).isEqualTo(2);
        });
        List<ExceptionItem> items = itemsOf(exceptions, messages.get(0).getId());
        assertThat(items).hasSize(250);
        assertThat(items).filteredOn(i -> i.getRecordKey().startsWith("shared="))
                .hasSize(50).allSatisfy(i -> assertThat(i.getAttemptCount()).isEqualTo(2));
        assertThat(items).filteredOn(i -> i.getRecordKey().startsWith("own"))
                .hasSize(200).allSatisfy(i -> assertThat(i.getAttemptCount()).isEqualTo(1));
    }
}
