package io.crmsync.config.connection;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "connections")
public class ConnectionEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    @Column(name = "home_endpoint_id")
    public UUID homeEndpointId;
    @Column(name = "remote_endpoint_id")
    public UUID remoteEndpointId;
    public long version;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "update_time")
    public Instant updateTime;
}
