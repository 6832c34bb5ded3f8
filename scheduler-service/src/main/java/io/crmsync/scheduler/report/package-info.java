/** What exception-service must learn from the scheduler (system disables, finished runs), as an outbox. */
package io.crmsync.scheduler.report;
