package io.crmsync.scheduler.run;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "runs")
public class RunEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "integration_id")
    public String integrationId;
    @Column(name = "integration_version")
    public long integrationVersion;
    /** RunTrigger name without its prefix, e.g. MANUAL. */
    public String trigger;
    /** RunMode name without its prefix, e.g. INCREMENTAL. */
    public String mode;
    @Enumerated(EnumType.STRING)
    public RunStatus state;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @Column(name = "window_end")
    public Instant windowEnd;
    @Column(name = "task_count")
    public int taskCount;
    @Column(name = "tasks_finished")
    public int tasksFinished;
    @Embedded
    public Counts counts = Counts.zero();
    @Column(name = "error_message")
    public String errorMessage;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "start_time")
    public Instant startTime;
    @Column(name = "end_time")
    public Instant endTime;
}
