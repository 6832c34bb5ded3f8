package io.crmsync.scheduler.watermark;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row per integration point: where its last successful run ended. */
@Entity
@Table(name = "watermarks")
public class WatermarkEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "integration_id")
    public String integrationId;
    @Column(name = "integration_point_id")
    public String integrationPointId;
    @Column(name = "last_successful_run_time")
    public Instant lastSuccessfulRunTime;
    /** Position of the last record the successful run committed; null when it committed none. */
    @Embedded
    public SourceCursor cursor;
    @Column(name = "run_id")
    public UUID runId;
    @Column(name = "update_time")
    public Instant updateTime;
}
