/**
 * Plain SQL on the service database inside the caller's transaction, and the per-point writer lock.
 */
package io.crmsync.exception.db;
