/**
 * Task leases: workers claim runnable tasks, renew, checkpoint and complete them under an epoch that
 * fences off a worker whose lease was taken over.
 */
package io.crmsync.scheduler.lease;
