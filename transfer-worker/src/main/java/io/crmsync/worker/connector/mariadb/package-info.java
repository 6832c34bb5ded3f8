/**
 * The MariaDB connector: JDBC (MariaDB Connector/J 3.x), descriptions from information_schema, a single streaming
 * keyset-ordered read, and set-based merges through a temporary stage table whose refused rows are isolated with
 * savepoints. Every identifier is quoted with backticks and every value bound; nothing admins type is pasted
 * into SQL.
 */
package io.crmsync.worker.connector.mariadb;
