package io.crmsync.worker.connector.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;

/**
 * Records of a streamed query, one row at a time: the driver holds one fetch, not the whole result. A record's
 * position carries its key values in the database's own text form, so that binding that text back restores the
 * exact values on resume. The database's parts: how a column's value is read, what instant a cursor value is,
 * how a failure is classified and what closing the read undoes.
 */
public abstract class JdbcRecordStream implements RecordStream {

    private final ReadRequest request;
    private final PreparedStatement statement;
    private final ResultSet rows;
    private final int[] keyColumns;
    private boolean fetched;
    private boolean hasRow;

    /** Runs the prepared, bound statement; the stream owns it from here on. */
    protected JdbcRecordStream(ReadRequest request, PreparedStatement statement) throws SQLException {
        this.request = request;
        this.statement = statement;
        this.keyColumns = request.keyFields().stream().mapToInt(k -> request.fields().indexOf(k) + 1).toArray();
        this.rows = statement.executeQuery();
    }

    /** The value of result column {@code index} (1-based) as a {@link SourceRecord} value type. */
    protected abstract Object read(ResultSet rows, int index) throws SQLException;

    /** A cursor field's value as an instant. */
    protected abstract Instant toInstant(Object cursorValue);

    /** Classifies a failure and lets the session know its connection may be broken. */
    protected abstract ConnectorException failed(SQLException e, String doing);

    /** Undoes what opening the read changed on the connection; after the statement is closed. */
    protected void release() throws SQLException {
    }

    /** The driver's result set, for tests that check it streams. */
    protected ResultSet resultSet() {
        return rows;
    }

    @Override
    public boolean hasNext() {
        if (!fetched) {
            try {
                hasRow = rows.next();
            } catch (SQLException e) {
                throw failed(e, "reading " + request.objectName());
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
            throw failed(e, "reading " + request.objectName());
        }
    }

    private SourceRecord current() throws SQLException {
        List<String> fields = request.fields();
        Map<String, Object> values = new LinkedHashMap<>(fields.size() * 4 / 3 + 1);
        for (int i = 0; i < fields.size(); i++) {
            values.put(fields.get(i), read(rows, i + 1));
        }
        List<String> key = new ArrayList<>(keyColumns.length);
        for (int column : keyColumns) {
            key.add(rows.getString(column));
        }
        Object cursor = request.hasCursor() ? values.get(request.cursorField()) : null;
        return new SourceRecord(values, new Position(toInstant(cursor), key));
    }

    @Override
    public void close() {
        try {
            rows.close();
            statement.close();
            release();
        } catch (SQLException e) {
            failed(e, "closing the read of " + request.objectName());
        }
    }
}
