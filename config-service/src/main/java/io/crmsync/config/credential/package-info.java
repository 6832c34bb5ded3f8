/**
 * Endpoint credentials: write-only over REST, sealed with AES-256-GCM at rest (a fresh 12-byte nonce per
 * write, the endpoint id as associated data, the key id beside the ciphertext), released decrypted only to
 * transfer workers over gRPC. Secret values never appear in responses, logs or error messages.
 */
package io.crmsync.config.credential;
