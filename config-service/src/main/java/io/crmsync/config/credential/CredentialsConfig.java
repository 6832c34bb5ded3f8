package io.crmsync.config.credential;

import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Keys sealing credentials. Never logged. */
@ConfigMapping(prefix = "crmsync.credentials")
public interface CredentialsConfig {

    /** Base64 of 32 random bytes (env CRMSYNC_CREDENTIALS_KEY); unset means the built-in development key. */
    Optional<String> key();

    /**
     * Whether a missing key may fall back to the public built-in development key. Off by default, so a
     * production deployment that forgot its key refuses to start instead of sealing with a public key.
     */
    @WithDefault("false")
    boolean allowBuiltInKey();

    /** Id of {@link #key()}, stored beside every ciphertext it seals. */
    @WithDefault("primary")
    String keyId();

    /** Retired keys by id, still able to open what they sealed: the way to rotate keys. */
    Map<String, String> previousKeys();
}
