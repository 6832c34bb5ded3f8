package io.crmsync.exception;

import static io.crmsync.exception.Fixtures.id;
import static io.crmsync.exception.Fixtures.rejects;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.crmsync.exception.message.ExceptionMessageCreated;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.testsupport.PostgresTestResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database", value = "crmsync_exception_test"))
class CreatedEventTest {

    /** Every ExceptionMessageCreated the service fires. */
    @ApplicationScoped
    static class Observed {
        final List<ExceptionMessageCreated> events = new CopyOnWriteArrayList<>();

        void on(@Observes ExceptionMessageCreated event) {
            events.add(event);
        }

        List<ExceptionMessageCreated> of(String messageId) {
            return events.stream().filter(e -> e.messageId().toString().equals(messageId)).toList();
        }
    }

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    @Inject
    Observed observed;

    @Test
    void shouldFireOnceForANewFailureMessageAndNotForReportsCountedOnIt() {
        // given
        ReportFailureRequest failure = ReportFailureRequest.newBuilder().setIntegrationId(id()).setRunId(id())
                .setIntegrationPointId("point-a").setKind(ExceptionKind.EXCEPTION_KIND_CONFIGURATION)
                .setCode("config.unknown_field").setMessage("no field Foo__c")
                .setSide(ExceptionSide.EXCEPTION_SIDE_TARGET).build();

        // when
        String messageId = exceptions.reportFailure(failure).getMessage().getId();
        exceptions.reportFailure(failure.toBuilder().setRunId(id()).build());

        // then
        assertThat(observed.of(messageId)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("CONFIGURATION");
            assertThat(e.side()).isEqualTo("TARGET");
            assertThat(e.integrationPointId()).isEqualTo("point-a");
            assertThat(e.code()).isEqualTo("config.unknown_field");
        });
    }

    @Test
    void shouldFireOnceForThePointsRejectMessage() {
        // given
        String point = id();

        // when
        String messageId = exceptions.recordRejects(rejects(point, id(), id(), "id=1")).getMessage().getId();
        exceptions.recordRejects(rejects(point, id(), id(), "id=1", "id=2"));

        // then
        assertThat(observed.of(messageId)).singleElement()
                .satisfies(e -> assertThat(e.kind()).isEqualTo("RECORD_REJECTS"));
    }
}
