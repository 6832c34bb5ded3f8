/**
 * Checks and suggests field mappings against the real objects, as a transfer worker describes them: validate an
 * integration (every problem at once) and auto-map a point's fields.
 */
package io.crmsync.config.mapping;
