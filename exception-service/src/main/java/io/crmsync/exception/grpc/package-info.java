/**
 * The gRPC adapter of {@code crmsync.exception.v1.ExceptionService} and its mapping to wire types.
 */
package io.crmsync.exception.grpc;
