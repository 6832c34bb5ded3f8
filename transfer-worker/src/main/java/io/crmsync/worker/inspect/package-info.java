/** Synchronous connector work an admin waits for: connection tests and object descriptions. */
package io.crmsync.worker.inspect;
