package io.crmsync.config.credential;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.crmsync.common.crypto.AesGcm;
import io.crmsync.common.crypto.KeyProperties;
import io.crmsync.common.crypto.Keyring;
import io.crmsync.common.crypto.Sealed;
import io.crmsync.common.crypto.UnsealException;
import io.crmsync.common.error.CrmsyncException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Seals and opens secrets with AES-256-GCM. The owner's id is the associated data, so a ciphertext copied to
 * another endpoint does not open. Started eagerly so a malformed key stops the service at startup.
 */
@Startup
@ApplicationScoped
public class CredentialVault {

    static final KeyProperties KEY_PROPERTIES = new KeyProperties("crmsync.credentials.key",
            "crmsync.credentials.key-id", "crmsync.credentials.previous-keys",
            "crmsync.credentials.allow-built-in-key", "credentials key", "CRMSYNC_CREDENTIALS_KEY",
            ".crmsync/credentials.key");
    private static final Logger LOG = Logger.getLogger(CredentialVault.class);

    private final AesGcm aes;

    @Inject
    CredentialVault(CredentialsConfig config) {
        this(Keyring.from(KEY_PROPERTIES, config.key(), config.allowBuiltInKey(), config.keyId(),
                config.previousKeys()));
        if (aes.keyring().builtIn()) {
            LOG.warn("crmsync.credentials.key is not set: credentials are sealed with the built-in development key, "
                    + "which is not secret; set CRMSYNC_CREDENTIALS_KEY (base64 of 32 random bytes) "
                    + "outside development");
        } else {
            LOG.infof("credential key loaded key_id=%s", aes.keyring().currentId());
        }
    }

    CredentialVault(Keyring keyring) {
        this.aes = new AesGcm(keyring);
    }

    /** The keyring of these keys, named by the credentials properties. */
    static Keyring keyring(Optional<String> key, String keyId, Map<String, String> previousKeys) {
        return Keyring.of(KEY_PROPERTIES, key, keyId, previousKeys);
    }

    Sealed seal(UUID ownerId, byte[] plaintext) {
        return aes.seal(associatedData(ownerId), plaintext);
    }

    byte[] open(UUID ownerId, Sealed sealed) {
        try {
            return aes.open(associatedData(ownerId), sealed);
        } catch (UnsealException e) {
            if (e.keyMissing()) {
                throw new CrmsyncException(CredentialErrors.UNREADABLE, "the credential of endpoint " + ownerId
                        + " was sealed with key '" + sealed.keyId()
                        + "', which is not configured; configure it or store the credential again");
            }
            LOG.warnf("credential failed authentication endpoint_id=%s key_id=%s", ownerId, sealed.keyId());
            throw new CrmsyncException(CredentialErrors.UNREADABLE,
                    "the credential of endpoint " + ownerId + " cannot be decrypted; store it again");
        }
    }

    private static byte[] associatedData(UUID ownerId) {
        return ownerId.toString().getBytes(StandardCharsets.UTF_8);
    }
}
