package io.crmsync.config.credential;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The AES-256 keys by id: the current one seals, any of them opens. Built from configuration, refusing
 * malformed keys with a message that names the property but never shows key material.
 */
final class Keyring {

    static final String BUILT_IN_KEY_ID = "built-in-dev";
    private static final int KEY_BYTES = 32;
    private static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final String currentId;
    private final Map<String, SecretKey> keys;
    private final boolean builtIn;

    private Keyring(String currentId, Map<String, SecretKey> keys, boolean builtIn) {
        this.currentId = currentId;
        this.keys = Map.copyOf(keys);
        this.builtIn = builtIn;
    }

    static Keyring from(CredentialsConfig config) {
        boolean missing = config.key().isEmpty() || config.key().get().isBlank();
        if (missing && !config.allowBuiltInKey()) {
            throw new IllegalStateException("no credentials key is configured: set CRMSYNC_CREDENTIALS_KEY to the "
                    + "base64 of 32 random bytes (`openssl rand -base64 32`); bin/crmsync up keeps one in "
                    + ".crmsync/credentials.key. Only for throw-away local data, "
                    + "crmsync.credentials.allow-built-in-key=true seals with a public development key instead.");
        }
        return of(config.key(), config.keyId(), config.previousKeys());
    }

    static Keyring of(Optional<String> key, String keyId, Map<String, String> previousKeys) {
        Map<String, SecretKey> keys = new HashMap<>();
        previousKeys.forEach((id, value) -> keys.put(checkedId("crmsync.credentials.previous-keys", id),
                decode("crmsync.credentials.previous-keys." + id, value)));
        boolean builtIn = key.isEmpty() || key.get().isBlank();
        String currentId = builtIn ? BUILT_IN_KEY_ID : checkedId("crmsync.credentials.key-id", keyId);
        keys.put(currentId, builtIn ? builtInKey() : decode("crmsync.credentials.key", key.get()));
        return new Keyring(currentId, keys, builtIn);
    }

    String currentId() {
        return currentId;
    }

    SecretKey current() {
        return keys.get(currentId);
    }

    Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** True when no key was configured and the non-secret development key is in use. */
    boolean builtIn() {
        return builtIn;
    }

    private static SecretKey decode(String property, String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not valid base64; it must be the base64 encoding of "
                    + KEY_BYTES + " random bytes (e.g. `openssl rand -base64 32`)");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(property + " must be the base64 encoding of exactly " + KEY_BYTES
                    + " bytes (AES-256) but decodes to " + bytes.length
                    + " bytes; generate one with `openssl rand -base64 32`");
        }
        return new SecretKeySpec(bytes, "AES");
    }

    private static String checkedId(String property, String id) {
        if (id == null || !KEY_ID.matcher(id).matches()) {
            throw new IllegalStateException(property + " must be 1 to 64 letters, digits, '.', '_' or '-'");
        }
        return id;
    }

    /** Derived from a public phrase: it keeps development data opaque at a glance, not secret. */
    private static SecretKey builtInKey() {
        try {
            byte[] bytes = MessageDigest.getInstance("SHA-256")
                    .digest("crmsync built-in development key - not a secret".getBytes(StandardCharsets.UTF_8));
            return new SecretKeySpec(bytes, "AES");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
