package io.crmsync.common.crypto;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals and opens with AES-256-GCM under a {@link Keyring}: a random 12-byte nonce per seal, and associated data
 * (the owner's id) binding a ciphertext to its owner, so one copied to another row does not open.
 */
public final class AesGcm {

    private static final String CIPHER = "AES/GCM/NoPadding";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Keyring keyring;
    private final SecureRandom random = new SecureRandom();

    public AesGcm(Keyring keyring) {
        this.keyring = keyring;
    }

    public Keyring keyring() {
        return keyring;
    }

    public Sealed seal(byte[] associatedData, byte[] plaintext) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keyring.current(), nonce, associatedData);
            return new Sealed(keyring.currentId(), nonce, cipher.doFinal(plaintext));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM sealing failed", e);
        }
    }

    /** @throws UnsealException when the sealing key is not configured or the ciphertext is not authentic */
    public byte[] open(byte[] associatedData, Sealed sealed) {
        SecretKey key = keyring.byId(sealed.keyId()).orElseThrow(
                () -> new UnsealException("key '" + sealed.keyId() + "' is not configured", true));
        try {
            return cipher(Cipher.DECRYPT_MODE, key, sealed.nonce(), associatedData).doFinal(sealed.ciphertext());
        } catch (GeneralSecurityException e) {
            throw new UnsealException("the ciphertext failed authentication", false);
        }
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance(CIPHER);
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }
}
