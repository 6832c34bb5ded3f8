/**
 * Pieces the JDBC connectors (PostgreSQL, MariaDB) share: identifier quoting and object-name parsing for a given
 * quote character, the choice of write statement from a write spec, and savepoint bisection that isolates the
 * rows a database refuses.
 */
package io.crmsync.worker.connector.jdbc;
