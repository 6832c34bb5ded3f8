package io.crmsync.common.crypto;

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
public final class Keyring {

    public static final String BUILT_IN_KEY_ID = "built-in-dev";
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

    /** As configured; without a key only when {@code allowBuiltInKey}, else startup must fail. */
    public static Keyring from(KeyProperties names, Optional<String> key, boolean allowBuiltInKey, String keyId,
            Map<String, String> previousKeys) {
        boolean missing = key.isEmpty() || key.get().isBlank();
        if (missing && !allowBuiltInKey) {
            throw new IllegalStateException("no " + names.what() + " is configured: set " + names.env()
                    + " to the base64 of 32 random bytes (`openssl rand -base64 32`); bin/crmsync up keeps one in "
                    + names.localFile() + ". Only for throw-away local data, " + names.allowBuiltInKey()
                    + "=true seals with a public development key instead.");
        }
        return of(names, key, keyId, previousKeys);
    }

    /** An empty {@code key} means the built-in development key. */
    public static Keyring of(KeyProperties names, Optional<String> key, String keyId, Map<String, String> previousKeys) {
        Map<String, SecretKey> keys = new HashMap<>();
        previousKeys.forEach((id, value) -> keys.put(checkedId(names.previousKeys(), id),
                decode(names.previousKeys() + "." + id, value)));
        boolean builtIn = key.isEmpty() || key.get().isBlank();
        String currentId = builtIn ? BUILT_IN_KEY_ID : checkedId(names.keyId(), keyId);
        keys.put(currentId, builtIn ? builtInKey() : decode(names.key(), key.get()));
        return new Keyring(currentId, keys, builtIn);
    }

    public String currentId() {
        return currentId;
    }

    public SecretKey current() {
        return keys.get(currentId);
    }

    public Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** True when no key was configured and the non-secret development key is in use. */
    public boolean builtIn() {
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
