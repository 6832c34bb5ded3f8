package io.crmsync.common.crypto;

/** A ciphertext that cannot be opened: its key is not configured, or it is not authentic (tampered, other owner). */
public class UnsealException extends RuntimeException {

    private final boolean keyMissing;

    UnsealException(String message, boolean keyMissing) {
        super(message);
        this.keyMissing = keyMissing;
    }

    /** True when the key that sealed it is not in the keyring (rather than a failed authentication). */
    public boolean keyMissing() {
        return keyMissing;
    }
}
