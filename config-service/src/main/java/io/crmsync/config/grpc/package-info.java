/** The gRPC face of config-service ({@code crmsync.config.v1.ConfigService}), read by scheduler and workers. */
package io.crmsync.config.grpc;
