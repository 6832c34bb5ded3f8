/**
 * Integration points: one object flow in one direction, its operation, match key and field rules. Callers
 * (the integration package) hold the integration's lock around every change, so versions move one step at a time.
 */
package io.crmsync.config.integration.point;
