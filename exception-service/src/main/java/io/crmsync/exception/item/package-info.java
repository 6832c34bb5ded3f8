/**
 * Exception items: rejected records (deduplicated per point and record key), their encrypted payload snapshots,
 * resolving them when a later run writes the record, and ignoring or reopening them.
 */
package io.crmsync.exception.item;
