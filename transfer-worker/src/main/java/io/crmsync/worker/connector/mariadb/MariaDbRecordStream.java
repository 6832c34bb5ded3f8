package io.crmsync.worker.connector.mariadb;

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
 * Iterates a streamed result: Connector/J 3 streams when the fetch size is positive, holding one fetch of rows
 * at a time, not the whole result. Closing before the end makes the driver skip the rest of the rows.
 */
final class MariaDbRecordStream extends JdbcRecordStream {

    private final MariaDbSource session;
    private final List<MariaDbColumn> columns;

    private MariaDbRecordStream(MariaDbSource session, List<MariaDbColumn> columns, ReadRequest request,
            PreparedStatement statement) throws SQLException {
        super(request, statement);
        this.session = session;
        this.columns = columns;
    }

    static MariaDbRecordStream open(MariaDbSource session, MariaDbTable table, ReadRequest request,
            Connection connection) throws SQLException {
        MariaDbReadQuery query = MariaDbReadQuery.of(table, request, session.values);
        PreparedStatement statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(Math.max(1, request.fetchSize()));
        for (int i = 0; i < query.parameters().size(); i++) {
            statement.setObject(i + 1, query.parameters().get(i));
        }
        return new MariaDbRecordStream(session, request.fields().stream().map(table::require).toList(), request,
                statement);
    }

    @Override
    protected Object read(ResultSet rows, int index) throws SQLException {
        return session.values.read(rows, index, columns.get(index - 1));
    }

    @Override
    protected Instant toInstant(Object cursorValue) {
        return session.values.toInstant(cursorValue);
    }

    @Override
    protected ConnectorException failed(SQLException e, String doing) {
        return session.failed(e, doing);
    }

    /** Declared here for this package's tests, which check that the driver streams. */
    @Override
    protected ResultSet resultSet() {
        return super.resultSet();
    }
}
