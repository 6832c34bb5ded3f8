package io.crmsync.scheduler.report;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.crmsync.common.error.GrpcErrors;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionServiceGrpc;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.RunFinishedRequest;
import io.crmsync.proto.scheduler.v1.RunState;
import io.crmsync.proto.scheduler.v1.RunTrigger;
import io.crmsync.scheduler.run.RunEntity;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.panache.common.Sort;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The scheduler's outbox towards exception-service. A system disable (which notifies the integration's recipients)
 * and a run reaching a final state (which ends the RETRYING of a retry and resolves failures whose cause is gone)
 * are stored in the transaction that caused them, then sent every tick until exception-service acknowledges.
 * exception-service treats both idempotently (one message per disabling run; a repeated RunFinished changes
 * nothing more), so a report repeated after a lost reply, or sent by two replicas at once, does no harm.
 */
@ApplicationScoped
public class ExceptionReports {

    static final String DISABLED_CODE = "integration.disabled_after_failures";
    private static final Logger LOG = Logger.getLogger(ExceptionReports.class);
    /** Reports read per query while sending; a round goes on until all are sent or the peer stops answering. */
    private static final int BATCH = 100;
    private static final int MAX_ERROR_LENGTH = 500;

    @GrpcClient("exceptions")
    ExceptionServiceGrpc.ExceptionServiceBlockingStub exceptions;

    private final Duration deadline;
    private final Clock clock;

    ExceptionReports(@ConfigProperty(name = "crmsync.scheduler.peer-deadline") Duration deadline, Clock clock) {
        this.deadline = deadline;
        this.clock = clock;
    }

    /** Stores, in the caller's transaction, that the system disabled the integration at this run. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void integrationDisabled(String integrationId, UUID runId, String reason) {
        ExceptionReportEntity report = newReport(ExceptionReportEntity.INTEGRATION_DISABLED, integrationId, runId);
        report.reason = reason;
        report.persist();
    }

    /** Drops an unsent disable of the integration: it was re-enabled before exception-service heard of it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void forgetDisabled(String integrationId) {
        ExceptionReportEntity.delete("kind = ?1 and integrationId = ?2", ExceptionReportEntity.INTEGRATION_DISABLED,
                integrationId);
    }

    /**
     * Stores, in the caller's transaction, that a run reached its final state (RunState / RunTrigger names without
     * their prefixes).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void runFinished(String integrationId, UUID runId, String state, String trigger,
            List<String> succeededPointIds, boolean allTasksSucceeded) {
        ExceptionReportEntity report = newReport(ExceptionReportEntity.RUN_FINISHED, integrationId, runId);
        report.runState = state;
        report.runTrigger = trigger;
        report.succeededPointIds = succeededPointIds.toArray(String[]::new);
        report.allTasksSucceeded = allTasksSucceeded;
        report.persist();
    }

    /**
     * Sends every pending report, oldest first, each with the peer deadline; returns how many exception-service
     * acknowledged. A report it refuses stays for the next round; when it does not answer at all the round ends,
     * so an outage costs one deadline per tick, not one per report.
     */
    public int reportPending() {
        int reported = 0;
        long after = 0;
        while (true) {
            List<ExceptionReportEntity> batch = pendingAfter(after);
            if (batch.isEmpty()) {
                return reported;
            }
            for (ExceptionReportEntity report : batch) {
                after = report.seq;
                try {
                    send(report);
                } catch (StatusRuntimeException e) {
                    String why = GrpcErrors.fromCall("exception-service", e).getMessage();
                    LOG.warnf("report not acknowledged yet kind=%s integration_id=%s run_id=%s attempts=%d: %s",
                            report.kind, report.integrationId, report.runId, report.attempts + 1, why);
                    markFailed(report.id, why);
                    Status.Code code = e.getStatus().getCode();
                    if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                        return reported;
                    }
                    continue;
                }
                acknowledged(report.id);
                reported++;
            }
        }
    }

    private void send(ExceptionReportEntity report) {
        var stub = exceptions.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
        switch (report.kind) {
            case ExceptionReportEntity.INTEGRATION_DISABLED -> stub.reportFailure(ReportFailureRequest.newBuilder()
                    .setIntegrationId(report.integrationId)
                    .setRunId(report.runId.toString())
                    .setKind(ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED)
                    .setCode(DISABLED_CODE)
                    .setMessage("The integration was disabled by the system: " + report.reason
                            + ". It runs again once an operator re-enables it.")
                    .build());
            case ExceptionReportEntity.RUN_FINISHED -> {
                RunFinishedRequest.Builder finished = RunFinishedRequest.newBuilder()
                        .setIntegrationId(report.integrationId)
                        .setRunId(report.runId.toString())
                        .setState(RunState.valueOf("RUN_STATE_" + report.runState))
                        .setTrigger(RunTrigger.valueOf("RUN_TRIGGER_" + report.runTrigger))
                        .addAllSucceededPointIds(List.of(report.succeededPointIds))
                        .setAllTasksSucceeded(Boolean.TRUE.equals(report.allTasksSucceeded));
                // Failures seen after the run started are not proven gone by it.
                Instant created = runCreateTime(report.runId);
                if (created != null) {
                    finished.setRunCreateTime(Timestamps.of(created));
                }
                stub.runFinished(finished.build());
            }
            default -> throw new IllegalStateException("unknown report kind " + report.kind);
        }
    }

    @Transactional
    List<ExceptionReportEntity> pendingAfter(long seq) {
        return ExceptionReportEntity.<ExceptionReportEntity> find("seq > ?1", Sort.by("seq"), seq).page(0, BATCH)
                .list();
    }

    /** Runs are never deleted; null only if the row is somehow gone (then exception-service resolves without it). */
    @Transactional
    Instant runCreateTime(UUID runId) {
        RunEntity run = RunEntity.findById(runId);
        return run == null ? null : run.createTime;
    }

    @Transactional
    void acknowledged(UUID id) {
        ExceptionReportEntity.deleteById(id);
    }

    @Transactional
    void markFailed(UUID id, String why) {
        ExceptionReportEntity report = ExceptionReportEntity.findById(id);
        if (report != null) {
            report.attempts++;
            report.lastError = why.length() > MAX_ERROR_LENGTH ? why.substring(0, MAX_ERROR_LENGTH) : why;
        }
    }

    private ExceptionReportEntity newReport(String kind, String integrationId, UUID runId) {
        ExceptionReportEntity report = new ExceptionReportEntity();
        report.id = UUID.randomUUID();
        report.kind = kind;
        report.integrationId = integrationId;
        report.runId = runId;
        report.createTime = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return report;
    }
}
