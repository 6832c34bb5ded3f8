package io.crmsync.common.crypto;

/** Ciphertext (with its GCM tag), the nonce it was sealed with, and the id of the key that sealed it. */
public record Sealed(String keyId, byte[] nonce, byte[] ciphertext) {

    @Override
    public String toString() {
        return "Sealed[keyId=" + keyId + "]";
    }
}
