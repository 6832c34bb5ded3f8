/**
 * The PostgreSQL connector: JDBC through {@link java.sql.DriverManager}, catalog-based descriptions, a single
 * streaming keyset-ordered read, and multi-row upserts whose refused rows are isolated with savepoints.
 * Every identifier is quoted and every value bound; nothing admins type is pasted into SQL.
 */
package io.crmsync.worker.connector.postgresql;
