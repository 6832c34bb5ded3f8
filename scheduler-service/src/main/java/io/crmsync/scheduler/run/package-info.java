/**
 * Runs and their tasks: creating a run (one task per integration point, idempotent per key, never two
 * unfinished runs of one integration), closing it when its last task finishes, and reading runs back.
 */
package io.crmsync.scheduler.run;
