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

    @Override
    public String toString() {
        return "CredentialEntity[endpointId=" + endpointId + ", keyId=" + keyId + "]";
    }
}
