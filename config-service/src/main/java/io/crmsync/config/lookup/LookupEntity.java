package io.crmsync.config.lookup;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "reference_lookups")
public class LookupEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    public String description;
    @Column(name = "entry_count")
    public int entryCount;
    public long version;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "update_time")
    public Instant updateTime;
}
