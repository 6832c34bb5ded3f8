package io.crmsync.config.endpoint;

import java.util.UUID;

/**
 * A connection test's outcome, fired by {@link EndpointProbe} so the credential store can record it (and the
 * endpoint's status show ERROR) without the endpoint package depending on credentials.
 */
public record ConnectionTested(UUID endpointId, boolean ok, String message) {
}
