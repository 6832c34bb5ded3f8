package io.crmsync.worker.connector.postgresql;

import java.sql.SQLException;

import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceSession;

/** Reads one table of a PostgreSQL endpoint in (cursor, key) order. */
final class PgSource extends PgSession implements SourceSession {

    PgSource(EndpointAccess endpoint) {
        super(endpoint);
    }

    @Override
    public RecordStream read(ReadRequest request) {
        PgTable table = requireTable(request.objectName());
        try {
            return new PgRecordStream(this, table, request, connection());
        } catch (SQLException e) {
            throw failed(e, "reading " + request.objectName());
        }
    }
}
