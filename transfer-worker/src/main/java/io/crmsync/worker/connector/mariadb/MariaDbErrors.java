package io.crmsync.worker.connector.mariadb;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientException;
import java.util.Set;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.jdbc.SavepointBisector.RowFailures;

/**
 * Sorts MariaDB failures by error number and SQLState into what the engine acts on. Messages are composed here
 * or are the server's own error text, never the driver's connect messages (which name host and options).
 */
final class MariaDbErrors {

    static final String CONSTRAINT_VIOLATION = "target.constraint_violation";
    static final String VALUE_TOO_LONG = "target.value_too_long";
    static final String INVALID_VALUE = "target.invalid_value";

    private static final int ACCESS_DENIED = 1045;
    /** Access denied when the account authenticates by a plugin (unix_socket, ...) or does not exist. */
    private static final int PLUGIN_ACCESS_DENIED = 1698;
    private static final int DATABASE_ACCESS_DENIED = 1044;
    private static final int UNKNOWN_DATABASE = 1049;
    private static final int DATA_TOO_LONG = 1406;
    /** Lock wait timeout, deadlock, server shutdown, gone away, lost, killed, statement time limit. */
    private static final Set<Integer> TRANSIENT_ERRORS = Set.of(1205, 1213, 1053, 2006, 2013, 1927, 1969, 3024);
    /** Out of range, truncated, incorrect value (number, date, string), division by zero, bad enum/set value. */
    private static final Set<Integer> VALUE_ERRORS = Set.of(1264, 1265, 1292, 1366, 1367, 1411, 1690, 1365, 1918,
            4078);
    /** NULL into NOT NULL, duplicate key, foreign key, CHECK constraint, no default for a column. */
    private static final Set<Integer> CONSTRAINT_ERRORS = Set.of(1048, 1062, 1451, 1452, 1216, 1217, 4025, 3819,
            1364, 1586, 1263);

    /** The bisector's view: which failures belong to rows, and how such a row is reported. */
    static final RowFailures ROW_FAILURES = new RowFailures() {
        @Override
        public boolean isRowFailure(SQLException e) {
            return MariaDbErrors.isRowFailure(e);
        }

        @Override
        public WriteResult reject(SQLException e) {
            return WriteResult.rejected(rejectCode(e), serverMessage(e));
        }
    };

    private MariaDbErrors() {
    }

    /** A failure to open a connection. */
    static ConnectorException connectFailure(SQLException e) {
        if (e.getErrorCode() == ACCESS_DENIED || e.getErrorCode() == PLUGIN_ACCESS_DENIED
                || state(e).startsWith("28")) {
            return new ConnectorException(Reason.AUTHENTICATION,
                    "authentication failed (the user name or password was refused)", e);
        }
        if (e.getErrorCode() == DATABASE_ACCESS_DENIED) {
            return new ConnectorException(Reason.AUTHENTICATION,
                    "the user may not use the database named in jdbcUrl", e);
        }
        if (e.getErrorCode() == UNKNOWN_DATABASE) {
            return new ConnectorException(Reason.CONFIGURATION, "the database named in jdbcUrl does not exist", e);
        }
        return new ConnectorException(Reason.UNREACHABLE, "could not connect: " + networkCause(e), e);
    }

    /** A failure while using an open connection; {@code doing} says what, e.g. "reading contacts". */
    static ConnectorException operationFailure(SQLException e, String doing) {
        if (isTransient(e)) {
            return new ConnectorException(Reason.TRANSIENT, "connection lost, timed out or deadlocked while "
                    + doing + " (" + code(e) + ")", e);
        }
        return new ConnectorException(Reason.REFUSED,
                "the database refused " + doing + ": " + serverMessage(e) + " (" + code(e) + ")", e);
    }

    /** Whether retrying the same work on a fresh connection may succeed. */
    static boolean isTransient(SQLException e) {
        String state = state(e);
        return e instanceof SQLTransientException || e instanceof SQLRecoverableException
                || e instanceof SQLTimeoutException || state.startsWith("08") || state.equals("40001")
                || TRANSIENT_ERRORS.contains(e.getErrorCode());
    }

    /** Whether the failure comes from the rows' values or constraints, so other rows may still be written. */
    static boolean isRowFailure(SQLException e) {
        if (isTransient(e)) {
            return false;
        }
        String state = state(e);
        return state.startsWith("22") || state.startsWith("23") || VALUE_ERRORS.contains(e.getErrorCode())
                || CONSTRAINT_ERRORS.contains(e.getErrorCode()) || e.getErrorCode() == DATA_TOO_LONG;
    }

    /** The reject code of a row that fails on its own. */
    static String rejectCode(SQLException e) {
        if (e.getErrorCode() == DATA_TOO_LONG) {
            return VALUE_TOO_LONG;
        }
        if (VALUE_ERRORS.contains(e.getErrorCode()) || state(e).startsWith("22")) {
            return INVALID_VALUE;
        }
        return CONSTRAINT_VIOLATION;
    }

    /**
     * The server's message without the driver's {@code (conn=N)} prefix; "Data too long for column 'email' at
     * row 1" names the column, never a value's secret or the URL.
     */
    static String serverMessage(SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        message = message.replaceFirst("^\\(conn=\\d+\\)\\s*", "");
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    static String state(SQLException e) {
        return e.getSQLState() == null ? "" : e.getSQLState();
    }

    private static String code(SQLException e) {
        return "error " + e.getErrorCode() + ", SQLState " + state(e);
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
        // The driver's own message names host, port and options, so only the codes are shown.
        return code(e);
    }
}
