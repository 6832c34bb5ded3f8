package io.crmsync.config.credential;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A sealed credential; holds ciphertext only. */
@Entity
@Table(name = "endpoint_credentials")
public class CredentialEntity extends PanacheEntityBase {

    @Id
    @Column(name = "endpoint_id")
    public UUID endpointId;
    @Column(name = "key_id")
    public String keyId;
    public byte[] nonce;
    public byte[] ciphertext;
    @Column(name = "update_time")
    public Instant updateTime;
    /** Why the last connection test with this credential failed; null when it passed, or before any test. */
    @Column(name = "check_error")
    public String checkError;
    @Column(name = "check_time")
    public Instant checkTime;

    @Override
    public String toString() {
        return "CredentialEntity[endpointId=" + endpointId + ", keyId=" + keyId + "]";
    }
}
