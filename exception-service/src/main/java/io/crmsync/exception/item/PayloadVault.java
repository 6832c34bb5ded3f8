package io.crmsync.exception.item;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import io.crmsync.common.crypto.AesGcm;
import io.crmsync.common.crypto.KeyProperties;
import io.crmsync.common.crypto.Keyring;
import io.crmsync.common.crypto.Sealed;
import io.crmsync.common.crypto.UnsealException;
import io.crmsync.exception.ExceptionsConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Seals payload snapshots with AES-256-GCM, the item's id as associated data (a snapshot copied to another item
 * does not open). Started eagerly so a missing or malformed key stops the service at startup.
 */
@Startup
@ApplicationScoped
public class PayloadVault {

    static final KeyProperties KEY_PROPERTIES = new KeyProperties("crmsync.exceptions.payload-key",
            "crmsync.exceptions.payload-key-id", "crmsync.exceptions.previous-payload-keys",
            "crmsync.exceptions.allow-built-in-key", "payload key", "CRMSYNC_EXCEPTIONS_PAYLOAD_KEY",
            ".crmsync/exception-payload.key");
    private static final Logger LOG = Logger.getLogger(PayloadVault.class);

    private final AesGcm aes;

    @Inject
    PayloadVault(ExceptionsConfig config) {
        this(Keyring.from(KEY_PROPERTIES, config.payloadKey(), config.allowBuiltInKey(), config.payloadKeyId(),
                config.previousPayloadKeys()));
        if (aes.keyring().builtIn()) {
            LOG.warn("crmsync.exceptions.payload-key is not set: payload snapshots are sealed with the built-in "
                    + "development key, which is not secret; set CRMSYNC_EXCEPTIONS_PAYLOAD_KEY (base64 of 32 random "
                    + "bytes) outside development");
        } else {
            LOG.infof("payload key loaded key_id=%s", aes.keyring().currentId());
        }
    }

    PayloadVault(Keyring keyring) {
        this.aes = new AesGcm(keyring);
    }

    public Sealed seal(UUID itemId, String payloadJson) {
        return aes.seal(associatedData(itemId), payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    /** The snapshot as JSON; empty when none was taken, it expired, or it cannot be opened (logged). */
    public String open(ItemRow item, Instant now) {
        if (item.payload() == null || !item.payloadExpireTime().isAfter(now)) {
            return "";
        }
        try {
            return new String(aes.open(associatedData(item.id()), item.payload()), StandardCharsets.UTF_8);
        } catch (UnsealException e) {
            LOG.warnf("payload snapshot unreadable item_id=%s key_id=%s reason=%s", item.id(),
                    item.payload().keyId(), e.getMessage());
            return "";
        }
    }

    private static byte[] associatedData(UUID itemId) {
        return itemId.toString().getBytes(StandardCharsets.UTF_8);
    }
}
