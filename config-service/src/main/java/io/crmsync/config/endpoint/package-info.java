/**
 * Endpoints: the external systems crmsync reaches, their type and non-secret settings, and the connection test
 * a transfer worker runs for an admin. Secrets live in {@code io.crmsync.config.credential}.
 */
package io.crmsync.config.endpoint;
