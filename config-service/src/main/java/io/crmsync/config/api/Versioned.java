package io.crmsync.config.api;

/** A response of one versioned resource; {@link EntityTags} sends its version as the ETag. */
public interface Versioned {

    long version();
}
