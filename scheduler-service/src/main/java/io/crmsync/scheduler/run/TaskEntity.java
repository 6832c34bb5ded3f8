package io.crmsync.scheduler.run;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.ColumnTransformer;

import io.crmsync.scheduler.watermark.SourceCursor;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "tasks")
public class TaskEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    /** Global insertion order, assigned by the database; the lease queue is served in this order. */
    @Column(insertable = false, updatable = false)
    public Long seq;
    @Column(name = "run_id")
    public UUID runId;
    @Column(name = "integration_point_id")
    public String integrationPointId;
    /** Inclusive start of the window; null reads from the beginning. */
    @Column(name = "window_start")
    public Instant windowStart;
    @Enumerated(EnumType.STRING)
    public TaskStatus state;
    public long epoch;
    @Column(name = "worker_id")
    public String workerId;
    @Column(name = "lease_expire_time")
    public Instant leaseExpireTime;
    /** Last committed position; null before the first checkpoint. */
    @Embedded
    public SourceCursor checkpoint;
    @Embedded
    public Counts counts = Counts.zero();
    @Column(name = "error_message")
    public String errorMessage;
    /** The queue the task is in: its integration's connection and its point's direction; null when unknown. */
    @Column(name = "connection_id")
    public String connectionId;
    public String direction;
    /** The source field of the task's key range; null when the task reads all of its point's records. */
    @Column(name = "key_field")
    public String keyField;
    /** Inclusive lower bound of the key range, as text; null: unbounded (records without a key belong here). */
    @Column(name = "key_lower")
    public String keyLower;
    /** Exclusive upper bound of the key range, as text; null: unbounded. */
    @Column(name = "key_upper")
    public String keyUpper;
    /**
     * The source records the task re-reads by match key (a retry of failed records), each its match-key values;
     * null on a task that reads its window. Such a task never moves its point's watermark and is never split.
     */
    @Column(name = "record_keys", columnDefinition = "jsonb")
    @Convert(converter = RecordKeysConverter.class)
    @ColumnTransformer(write = "?::jsonb")
    public List<List<String>> recordKeys;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "end_time")
    public Instant endTime;

    /** Whether the task re-reads records by key rather than reading its window. */
    public boolean readsByKey() {
        return recordKeys != null;
    }
}
