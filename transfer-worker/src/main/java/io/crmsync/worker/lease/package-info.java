/** The lease loops that take tasks from scheduler-service, and the heartbeat that keeps a lease alive. */
package io.crmsync.worker.lease;
