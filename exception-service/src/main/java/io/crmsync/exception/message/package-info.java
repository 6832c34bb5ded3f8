/**
 * Exception messages: failures reported by workers and the scheduler (deduplicated per problem), their lifecycle
 * state, reading and listing them, and the event fired when one is created.
 */
package io.crmsync.exception.message;
