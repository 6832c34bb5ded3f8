/** The {@code crmsync.scheduler.v1.SchedulerService} gRPC adapter: maps wire messages and delegates. */
package io.crmsync.scheduler.grpc;
