/**
 * The CSV connector: an endpoint is a directory, an object one {@code .csv} file in it, every field text. The
 * source streams a file in file order with a strict RFC 4180 parser whose malformed records become per-record
 * rejects naming their line; the target appends committed batches to a work file that replaces the object's file
 * atomically when the session closes.
 */
package io.crmsync.worker.connector.csv;
