/** The worker's gRPC adapters: validate, map, delegate. */
package io.crmsync.worker.grpc;
