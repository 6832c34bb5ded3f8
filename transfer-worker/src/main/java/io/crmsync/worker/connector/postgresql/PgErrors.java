package io.crmsync.worker.connector.postgresql;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;

import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;

/**
 * Sorts PostgreSQL failures by SQLState into what the engine acts on. Messages are composed here or taken from
 * the server's own error report, never from connection URLs.
 */
final class PgErrors {

    static final String CONSTRAINT_VIOLATION = "target.constraint_violation";
    static final String INVALID_VALUE = "target.invalid_value";

    private PgErrors() {
    }

    /** A failure to open a connection. */
    static ConnectorException connectFailure(SQLException e) {
        String state = state(e);
        if (state.startsWith("28")) {
            return new ConnectorException(Reason.AUTHENTICATION,
                    "authentication failed (the user name or password was refused)", e);
        }
        if ("3D000".equals(state)) {
            return new ConnectorException(Reason.CONFIGURATION, "the database named in jdbcUrl does not exist", e);
        }
        return new ConnectorException(Reason.UNREACHABLE, "could not connect: " + networkCause(e), e);
    }

    /** A failure while using an open connection; {@code doing} says what, e.g. "reading contacts". */
    static ConnectorException operationFailure(SQLException e, String doing) {
        if (isTransient(e)) {
            return new ConnectorException(Reason.TRANSIENT,
                    "connection lost or timed out while " + doing + " (SQLState " + state(e) + ")", e);
        }
        return new ConnectorException(Reason.REFUSED,
                "the database refused " + doing + ": " + serverMessage(e) + " (SQLState " + state(e) + ")", e);
    }

    /** Whether retrying the same work on a fresh connection may succeed. */
    static boolean isTransient(SQLException e) {
        String state = state(e);
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLTimeoutException
                || state.startsWith("08") || state.startsWith("53") || state.startsWith("57P")
                || state.equals("40001") || state.equals("40P01") || state.equals("57014") || state.equals("55P03");
    }

    /**
     * Whether the failure comes from the rows' values (data exception, integrity violation, or one key twice
     * in a statement), so other rows of the batch may still be written.
     */
    static boolean isRowFailure(SQLException e) {
        String state = state(e);
        return state.startsWith("22") || state.startsWith("23") || state.startsWith("21");
    }

    /** The reject code of a row that fails on its own. */
    static String rejectCode(SQLException e) {
        return state(e).startsWith("22") ? INVALID_VALUE : CONSTRAINT_VIOLATION;
    }

    /** The server's primary message, without the driver's decorations. */
    static String serverMessage(SQLException e) {
        if (e instanceof PSQLException p) {
            ServerErrorMessage server = p.getServerErrorMessage();
            if (server != null && server.getMessage() != null) {
                return server.getMessage();
            }
        }
        return "error " + state(e);
    }

    static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    private static String networkCause(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "unknown host";
            }
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof SocketTimeoutException) {
                return "connection timed out";
            }
        }
        // The server's own report (e.g. "database is not accepting connections") names no secret.
        return e instanceof PSQLException p && p.getServerErrorMessage() != null
                ? serverMessage(e) + " (SQLState " + state(e) + ")" : "SQLState " + state(e);
    }
}
