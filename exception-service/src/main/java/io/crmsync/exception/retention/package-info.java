/**
 * The retention purge: expired payload snapshots, long-resolved messages, old reject batch ids.
 */
package io.crmsync.exception.retention;
