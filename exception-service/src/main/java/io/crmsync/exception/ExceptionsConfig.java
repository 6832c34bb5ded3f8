package io.crmsync.exception;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of exception messages and items. Keys are never logged. */
@ConfigMapping(prefix = "crmsync.exceptions")
public interface ExceptionsConfig {

    /** Base64 of 32 random bytes sealing payload snapshots (env CRMSYNC_EXCEPTIONS_PAYLOAD_KEY). */
    Optional<String> payloadKey();

    /** Id of {@link #payloadKey()}, stored beside every snapshot it seals. */
    @WithDefault("primary")
    String payloadKeyId();

    /** Retired keys by id, still able to open what they sealed: the way to rotate keys. */
    Map<String, String> previousPayloadKeys();

    /** Whether a missing key may fall back to the public built-in development key (never in production). */
    @WithDefault("false")
    boolean allowBuiltInKey();

    /** How long a payload snapshot is kept after it was recorded. */
    @WithDefault("30d")
    Duration payloadRetention();

    /** How long a RESOLVED message (with its items) is kept after it was resolved. */
    @WithDefault("90d")
    Duration resolvedRetention();

    /**
     * How often the retention purge runs. Read by {@code RetentionPurge}'s {@code @Scheduled} expression, not
     * through this method; declared so the mapping accepts the key (unknown keys under the prefix fail startup).
     */
    @WithDefault("10m")
    String purgeEvery();
}
