/**
 * The transfer engine: validates a task's integration point against the real schemas, streams records from
 * the source connector to the target connector in batches, reports rejects and checkpoints after every
 * committed batch, and turns every failure into an admin-safe outcome.
 */
package io.crmsync.worker.transfer;
