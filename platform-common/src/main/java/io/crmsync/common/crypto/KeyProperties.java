package io.crmsync.common.crypto;

/**
 * How one service names the configuration of a {@link Keyring}, so its startup errors name the properties an
 * operator actually sets.
 *
 * @param key             the current key, e.g. {@code crmsync.credentials.key}
 * @param keyId           the current key's id, e.g. {@code crmsync.credentials.key-id}
 * @param previousKeys    the prefix of retired keys by id, e.g. {@code crmsync.credentials.previous-keys}
 * @param allowBuiltInKey the switch allowing the development key, e.g. {@code crmsync.credentials.allow-built-in-key}
 * @param what            what the key is, in words: {@code credentials key}
 * @param env             the environment variable of {@code key}: {@code CRMSYNC_CREDENTIALS_KEY}
 * @param localFile       where `bin/crmsync up` keeps the key, relative to the checkout
 */
public record KeyProperties(String key, String keyId, String previousKeys, String allowBuiltInKey, String what,
        String env, String localFile) {
}
