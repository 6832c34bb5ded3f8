/**
 * Task leases: workers claim runnable tasks, renew, checkpoint and complete them under an epoch that
 * fences off a worker whose lease was taken over. A task whose worker stopped answering on every allowed
 * lease is abandoned (failed) so that its run can close.
 */
package io.crmsync.scheduler.lease;
