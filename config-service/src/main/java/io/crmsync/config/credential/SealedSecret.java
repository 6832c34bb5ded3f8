package io.crmsync.config.credential;

/** Ciphertext (with its GCM tag), the nonce it was sealed with, and the id of the key that sealed it. */
record SealedSecret(String keyId, byte[] nonce, byte[] ciphertext) {

    @Override
    public String toString() {
        return "SealedSecret[keyId=" + keyId + "]";
    }
}
