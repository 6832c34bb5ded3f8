/**
 * Retries: what a retry of a message re-reads, marking it RETRYING, and what a finished run means for messages.
 */
package io.crmsync.exception.retry;
