/**
 * transfer-worker: a stateless engine that leases tasks from scheduler-service and moves records from source
 * to target connectors, and serves synchronous connector work (connection tests, object descriptions).
 */
package io.crmsync.worker;
