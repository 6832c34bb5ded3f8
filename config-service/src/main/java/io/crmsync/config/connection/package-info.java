/** Connections: named (home, remote) endpoint pairs that group integrations and orient their points. */
package io.crmsync.config.connection;
