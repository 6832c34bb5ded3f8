package io.crmsync.exception.message;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "exception_messages")
public class ExceptionMessageEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "integration_id")
    public String integrationId;
    @Column(name = "run_id")
    public String runId;
    @Column(name = "integration_point_id")
    public String integrationPointId;
    public String kind;
    public String code;
    public String message;
    @Column(name = "item_count")
    public long itemCount;
    @Column(name = "create_time")
    public Instant createTime;
}
