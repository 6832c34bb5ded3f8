/**
 * AES-256-GCM sealing under a keyring of keys by id, shared by the services that encrypt data at rest.
 */
package io.crmsync.common.crypto;
