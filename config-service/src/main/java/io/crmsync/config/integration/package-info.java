/**
 * Integrations: settings, desired state (active or not) and a version that grows with every change of the
 * integration or its points. The point model itself is in {@code integration.point}.
 */
package io.crmsync.config.integration;
