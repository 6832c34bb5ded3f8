package io.crmsync.scheduler.report;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One report exception-service has not acknowledged yet; deleted once it has. */
@Entity
@Table(name = "exception_reports")
public class ExceptionReportEntity extends PanacheEntityBase {

    /** The kinds of report, stored by name. */
    public static final String INTEGRATION_DISABLED = "INTEGRATION_DISABLED";
    public static final String RUN_FINISHED = "RUN_FINISHED";

    @Id
    public UUID id;
    /** Insertion order, assigned by the database: reports are sent oldest first. */
    @Column(insertable = false, updatable = false)
    public Long seq;
    public String kind;
    @Column(name = "integration_id")
    public String integrationId;
    @Column(name = "run_id")
    public UUID runId;
    /** INTEGRATION_DISABLED: why the system disabled the integration. */
    public String reason;
    /** RUN_FINISHED: RunState name without its prefix. */
    @Column(name = "run_state")
    public String runState;
    /** RUN_FINISHED: RunTrigger name without its prefix. */
    @Column(name = "run_trigger")
    public String runTrigger;
    @Column(name = "succeeded_point_ids", columnDefinition = "text[]")
    public String[] succeededPointIds;
    @Column(name = "all_tasks_succeeded")
    public Boolean allTasksSucceeded;
    @Column(name = "create_time")
    public Instant createTime;
    public int attempts;
    @Column(name = "last_error")
    public String lastError;
}
