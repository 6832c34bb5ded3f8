package io.crmsync.config.integration;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.crmsync.config.integration.settings.Cadence;
import io.crmsync.config.integration.settings.ConflictPolicy;
import io.crmsync.config.integration.settings.NotificationRecipient;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "integrations")
public class IntegrationEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String description;
    @Column(name = "connection_id")
    public UUID connectionId;
    /** Desired state: an admin activated it. The scheduler keeps the observed state. */
    public boolean active;
    @Column(name = "allow_new_records")
    public boolean allowNewRecords;
    @Column(name = "update_existing")
    public boolean updateExisting;
    @Column(name = "failure_threshold")
    public int failureThreshold;
    /** Grows with every change of the integration or its points; runs and worker caches key on it. */
    public long version;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "update_time")
    public Instant updateTime;
    @Enumerated(EnumType.STRING)
    @Column(name = "conflict_policy")
    public ConflictPolicy conflictPolicy;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "account_allow_list")
    public List<String> accountAllowList;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "account_deny_list")
    public List<String> accountDenyList;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "notification_recipients")
    public List<NotificationRecipient> notificationRecipients;
    /** Null: incremental runs only on demand. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Cadence schedule;
    /** Null: no scheduled full run. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "full_sync_schedule")
    public Cadence fullSyncSchedule;
    @Column(name = "sync_immediately")
    public boolean syncImmediately;
    /** Null: incremental reads of points without a watermark start at {@link #activateTime} (no backfill). */
    @Column(name = "start_time")
    public Instant startTime;
    /** When the integration was last activated; null while it never was. */
    @Column(name = "activate_time")
    public Instant activateTime;
}
