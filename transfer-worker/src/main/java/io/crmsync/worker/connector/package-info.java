/**
 * The connector SPI: plug-ins that reach one kind of endpoint, chosen by endpoint type name
 * ({@code @Named("postgresql")}). A {@link io.crmsync.worker.connector.SourceConnector} describes objects and
 * streams records in cursor order; a {@link io.crmsync.worker.connector.TargetConnector} describes objects and
 * writes batches with a result per record. Records flow only inside the worker, from a source session to a
 * target session.
 */
package io.crmsync.worker.connector;
