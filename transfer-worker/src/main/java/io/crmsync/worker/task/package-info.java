/**
 * What the transfer engine needs from the outside while it runs a leased task: the task's definition,
 * somewhere to report progress, rejects and outcome, and a control that says when to stop, with the lease
 * deadline past which nothing more may be committed.
 */
package io.crmsync.worker.task;
