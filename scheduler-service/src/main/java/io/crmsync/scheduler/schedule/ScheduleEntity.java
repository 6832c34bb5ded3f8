package io.crmsync.scheduler.schedule;

import java.time.Instant;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One row per integration config-service knows: its cadences, next fire times and health. */
@Entity
@Table(name = "schedules")
public class ScheduleEntity extends PanacheEntityBase {

    @Id
    @Column(name = "integration_id")
    public String integrationId;
    @Column(name = "integration_version")
    public long integrationVersion;
    public boolean active;
    /** The points a scheduled run covers, in order. */
    @Column(name = "point_ids", columnDefinition = "text[]")
    public String[] pointIds;
    /** The integration's connection, and each point's direction (in point order): the queues of its tasks. */
    @Column(name = "connection_id")
    public String connectionId;
    @Column(name = "point_directions", columnDefinition = "text[]")
    public String[] pointDirections;
    /** The incremental cadence, a serialized {@code crmsync.config.v1.Cadence}; null when there is none. */
    public byte[] schedule;
    @Column(name = "full_sync_schedule")
    public byte[] fullSyncSchedule;
    /** The integration's start time, else its activation time: where points without a watermark start. */
    @Column(name = "initial_window_start")
    public Instant initialWindowStart;
    @Column(name = "failure_threshold")
    public int failureThreshold;
    @Column(name = "next_run_time")
    public Instant nextRunTime;
    @Column(name = "next_full_sync_time")
    public Instant nextFullSyncTime;
    @Column(name = "consecutive_failures")
    public int consecutiveFailures;
    @Column(name = "disabled_time")
    public Instant disabledTime;
    @Column(name = "disabled_reason")
    public String disabledReason;
    @Column(name = "update_time")
    public Instant updateTime;

    /** Whether cadences fire: the admin wants it running and the system has not disabled it. */
    public boolean running() {
        return active && disabledTime == null;
    }
}
