package io.crmsync.worker.connector.mariadb;

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
 * Iterates a streamed result: Connector/J 3 streams when the fetch size is positive, holding one fetch of rows
 * at a time, not the whole result. Closing before the end makes the driver skip the rest of the rows.
 */
final class MariaDbRecordStream implements RecordStream {

    private final MariaDbSource session;
    private final ReadRequest request;
    private final List<MariaDbColumn> columns;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private boolean fetched;
    private boolean hasRow;

    MariaDbRecordStream(MariaDbSource session, MariaDbTable table, ReadRequest request, Connection connection)
            throws SQLException {
        this.session = session;
        this.request = request;
        this.columns = request.fields().stream().map(table::require).toList();
        MariaDbReadQuery query = MariaDbReadQuery.of(table, request, session.values);
        statement = connection.prepareStatement(query.sql(), ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY);
        statement.setFetchSize(Math.max(1, request.fetchSize()));
        for (int i = 0; i < query.parameters().size(); i++) {
            statement.setObject(i + 1, query.parameters().get(i));
        }
        rows = statement.executeQuery();
    }

    /** The driver's result set, for tests that check it streams. */
    ResultSet resultSet() {
        return rows;
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
            values.put(columns.get(i).name(), session.values.read(rows, i + 1, columns.get(i)));
        }
        List<String> key = new ArrayList<>();
        for (String keyField : request.keyFields()) {
            // MariaDB's own text form, so CAST(text AS type) restores the exact value on resume.
            key.add(rows.getString(request.fields().indexOf(keyField) + 1));
        }
        Object cursor = request.hasCursor() ? values.get(request.cursorField()) : null;
        return new SourceRecord(values, new Position(session.values.toInstant(cursor), key));
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
        } catch (SQLException e) {
            session.failed(e, "closing the read of " + request.objectName());
        }
    }
}
