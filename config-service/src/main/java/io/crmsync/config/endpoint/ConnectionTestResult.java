package io.crmsync.config.endpoint;

/** Outcome of testing an endpoint's connection from a worker; the message is safe to show. */
public record ConnectionTestResult(boolean ok, String message) {
}
