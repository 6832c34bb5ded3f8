package io.crmsync.config.endpoint;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.hibernate.annotations.Formula;
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
@Table(name = "endpoints")
public class EndpointEntity extends PanacheEntityBase {

    @Id
    public UUID id;
    public String name;
    @Enumerated(EnumType.STRING)
    public EndpointType type;
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, String> settings;
    public long version;
    @Column(name = "create_time")
    public Instant createTime;
    @Column(name = "update_time")
    public Instant updateTime;
    /** Read from the credential table so endpoints never hold, or load, secret material. */
    @Formula("(select count(*) from endpoint_credentials c where c.endpoint_id = id)")
    public long credentialCount;

    /** Why the last connection test with the stored credential failed; null when it passed or never ran. */
    @Formula("(select c.check_error from endpoint_credentials c where c.endpoint_id = id)")
    public String credentialError;

    public boolean hasCredential() {
        return credentialCount > 0;
    }

    /** NOT_CONNECTED without a credential, ERROR when its last test failed, else CONNECTED. */
    public String credentialStatus() {
        return !hasCredential() ? "NOT_CONNECTED" : credentialError != null ? "ERROR" : "CONNECTED";
    }
}
