/** Runs, owned by scheduler-service: triggered and read over gRPC, never stored here. */
package io.crmsync.config.run;
