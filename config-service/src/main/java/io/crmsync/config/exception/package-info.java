/** User exception messages and items, owned by exception-service: read over gRPC, never stored here. */
package io.crmsync.config.exception;
