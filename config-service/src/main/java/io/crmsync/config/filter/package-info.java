/**
 * The query object rule (filter) of an integration point: a small language parsed by hand into a
 * {@link io.crmsync.config.filter.FilterNode} tree, checked against what the source connector can express,
 * and sent to workers as a proto tree that each connector renders with bound values or proper escaping.
 */
package io.crmsync.config.filter;
