package io.crmsync.config.credential;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.UUID;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

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

    private static final Logger LOG = Logger.getLogger(CredentialVault.class);
    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();

    @Inject
    CredentialVault(CredentialsConfig config) {
        this(Keyring.from(config));
        if (keyring.builtIn()) {
            LOG.warn("crmsync.credentials.key is not set: credentials are sealed with the built-in development key, "
                    + "which is not secret; set CRMSYNC_CREDENTIALS_KEY (base64 of 32 random bytes) "
                    + "outside development");
        } else {
            LOG.infof("credential key loaded key_id=%s", keyring.currentId());
        }
    }

    CredentialVault(Keyring keyring) {
        this.keyring = keyring;
    }

    SealedSecret seal(UUID ownerId, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keyring.current(), nonce, ownerId);
            return new SealedSecret(keyring.currentId(), nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    byte[] open(UUID ownerId, SealedSecret sealed) {
        SecretKey key = keyring.byId(sealed.keyId()).orElseThrow(() -> new CrmsyncException(
                CredentialErrors.UNREADABLE, "the credential of endpoint " + ownerId + " was sealed with key '"
                        + sealed.keyId() + "', which is not configured; configure it or store the credential again"));
        try {
            return cipher(Cipher.DECRYPT_MODE, key, sealed.nonce(), ownerId).doFinal(sealed.ciphertext());
        } catch (GeneralSecurityException e) {
            LOG.warnf("credential failed authentication endpoint_id=%s key_id=%s", ownerId, sealed.keyId());
            throw new CrmsyncException(CredentialErrors.UNREADABLE,
                    "the credential of endpoint " + ownerId + " cannot be decrypted; store it again");
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, UUID ownerId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(ownerId.toString().getBytes(StandardCharsets.UTF_8));
        return cipher;
    }
}
