package io.crmsync.worker.connector.postgresql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;

/**
 * Iterates a server-side cursor: autocommit is off and a fetch size is set, so the driver holds one fetch of
 * rows at a time, not the whole result.
 */
final class PgRecordStream implements RecordStream {

    private final PgSource session;
    private final ReadRequest request;
    private final List<PgColumn> columns;
    private final Connection connection;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private boolean fetched;
    private boolean hasRow;

    PgRecordStream(PgSource session, PgTable table, ReadRequest request, Connection connection) throws SQLException {
        this.session = session;
        this.request = request;
        this.columns = request.fields().stream().map(table::require).toList();
        this.connection = connection;
        PgReadQuery query = PgReadQuery.of(table, request);
        connection.setAutoCommit(false);
        connection.setReadOnly(true);
        statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(request.fetchSize());
        for (int i = 0; i < query.parameters().size(); i++) {
            statement.setString(i + 1, query.parameters().get(i));
        }
        rows = statement.executeQuery();
    }

    @Override
    public boolean hasNext() {
        if (!fetched) {
            try {
                hasRow = rows.next();
            } catch (SQLException e) {
                throw session.failed(e, "reading " + request.objectName());
            }
            fetched = true;
        }
        return hasRow;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        fetched = false;
        try {
            return current();
        } catch (SQLException e) {
            throw session.failed(e, "reading " + request.objectName());
        }
    }

    private SourceRecord current() throws SQLException {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < columns.size(); i++) {
            values.put(columns.get(i).name(), PgValues.read(rows, i + 1, columns.get(i)));
        }
        List<String> key = new ArrayList<>();
        for (String keyField : request.keyFields()) {
            // PostgreSQL's own text form, so CAST(text AS type) restores the exact value on resume.
            key.add(rows.getString(request.fields().indexOf(keyField) + 1));
        }
        Object cursor = request.hasCursor() ? values.get(request.cursorField()) : null;
        return new SourceRecord(values, new Position(PgValues.toInstant(cursor), key));
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
            connection.rollback();
            connection.setReadOnly(false);
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            session.failed(e, "closing the read of " + request.objectName());
        }
    }
}
