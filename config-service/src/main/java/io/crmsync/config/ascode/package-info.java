/**
 * Configuration as code: the whole configuration but credentials as one document (JSON or YAML) whose references
 * are names, exported and imported idempotently.
 */
package io.crmsync.config.ascode;
