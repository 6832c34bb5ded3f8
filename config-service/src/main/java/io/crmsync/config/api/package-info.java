/**
 * Plumbing of the admin REST API shared by every feature: the one place failures become
 * {@code application/problem+json}, page envelopes, and parsing of ids and paging parameters.
 */
package io.crmsync.config.api;
