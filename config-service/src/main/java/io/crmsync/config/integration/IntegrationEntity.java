package io.crmsync.config.integration;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
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
}
