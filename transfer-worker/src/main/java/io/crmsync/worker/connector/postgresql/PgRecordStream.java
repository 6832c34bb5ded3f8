package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.jdbc.JdbcRecordStream;

/**
 * Iterates a server-side cursor: autocommit is off and a fetch size is set, so the driver holds one fetch of
 * rows at a time, not the whole result. Closing ends the read-only transaction.
 */
final class PgRecordStream extends JdbcRecordStream {

    private final PgSource session;
    private final List<PgColumn> columns;
    private final Connection connection;

    private PgRecordStream(PgSource session, List<PgColumn> columns, ReadRequest request, Connection connection,
            PreparedStatement statement) throws SQLException {
        super(request, statement);
        this.session = session;
        this.columns = columns;
        this.connection = connection;
    }

    static PgRecordStream open(PgSource session, PgTable table, ReadRequest request, Connection connection)
            throws SQLException {
        PgReadQuery query = PgReadQuery.of(table, request);
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        PreparedStatement statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(request.fetchSize());
        for (int i = 0; i < query.parameters().size(); i++) {
            statement.setString(i + 1, query.parameters().get(i));
        }
        return new PgRecordStream(session, request.fields().stream().map(table::require).toList(), request,
                connection, statement);
    }

    @Override
    protected Object read(ResultSet rows, int index) throws SQLException {
        return PgValues.read(rows, index, columns.get(index - 1));
    }

    @Override
    protected Instant toInstant(Object cursorValue) {
        return PgValues.toInstant(cursorValue);
    }

    @Override
    protected ConnectorException failed(SQLException e, String doing) {
        return session.failed(e, doing);
    }

    @Override
    protected void release() throws SQLException {
        connection.rollback();
        connection.setReadOnly(false);
        connection.setAutoCommit(true);
    }
}
