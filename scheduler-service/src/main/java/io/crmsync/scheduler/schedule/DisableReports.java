package io.crmsync.scheduler.schedule;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * Tells exception-service about each system disable, which notifies the integration's recipients. The disable
 * is stored first with the run that caused it (an outbox), then reported until exception-service has it; it
 * records one message per run, so a report repeated after a lost reply notifies nobody twice.
 */
@ApplicationScoped
public class DisableReports {

    static final String CODE = "integration.disabled_after_failures";
    private static final Logger LOG = Logger.getLogger(DisableReports.class);

    @GrpcClient("exceptions")
    ExceptionServiceGrpc.ExceptionServiceBlockingStub exceptions;

    private final Duration deadline;

    DisableReports(@ConfigProperty(name = "crmsync.scheduler.peer-deadline") Duration deadline) {
        this.deadline = deadline;
    }

    /** Reports every pending disable; returns how many exception-service took. */
    public int reportPending() {
        int reported = 0;
        for (ScheduleEntity pending : pending()) {
            try {
                exceptions.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                        .reportFailure(ReportFailureRequest.newBuilder()
                                .setIntegrationId(pending.integrationId)
                                .setRunId(pending.disableReportRunId.toString())
                                .setKind(ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED)
                                .setCode(CODE)
                                .setMessage("The integration was disabled by the system: " + pending.disabledReason
                                        + ". It runs again once an operator re-enables it.")
                                .build());
            } catch (StatusRuntimeException e) {
                LOG.warnf("disable not reported yet integration_id=%s: %s", pending.integrationId,
                        GrpcErrors.fromCall("exception-service", e).getMessage());
                continue;
            }
            markReported(pending.integrationId, pending.disableReportRunId);
            reported++;
        }
        return reported;
    }

    @Transactional
    List<ScheduleEntity> pending() {
        return ScheduleEntity.list("disableReportRunId is not null");
    }

    @Transactional
    void markReported(String integrationId, UUID runId) {
        ScheduleEntity.update("disableReportRunId = null where integrationId = ?1 and disableReportRunId = ?2",
                integrationId, runId);
    }
}
