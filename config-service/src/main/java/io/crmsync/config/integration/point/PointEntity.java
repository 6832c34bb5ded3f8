package io.crmsync.config.integration.point;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "integration_points")
public class PointEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    @Column(name = "integration_id")
    public UUID integrationId;
    /** Execution order within the integration. */
    public int ordinal;
    public String name;
    @Enumerated(EnumType.STRING)
    public Direction direction;
    @Column(name = "source_object")
    public String sourceObject;
    @Column(name = "target_object")
    public String targetObject;
    @Enumerated(EnumType.STRING)
    public Operation operation;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "match_key")
    public List<String> matchKey;
    @Column(name = "cursor_field")
    public String cursorField;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "field_rules")
    public List<FieldRule> fieldRules;
    /** The query object rule as written, or null to read every record. */
    public String filter;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "source_fields")
    public List<String> sourceFields;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "order_by")
    public List<SortOrder> orderBy;
    /** Null: records are selected by a filter, not by id. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "record_ids")
    public List<String> recordIds;
    @Column(name = "account_field")
    public String accountField;
    /** Source fields redacted from record snapshots; empty when none. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "sensitive_fields")
    public List<String> sensitiveFields;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "update_time")
    public Instant updateTime;
}
