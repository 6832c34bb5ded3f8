package io.crmsync.worker.connector.csv;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import org.jboss.logging.Logger;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;

/**
 * Streams a file's records in file order, the only stable order a file has. A record's position is its key
 * values as written in the file (and its cursor value as an instant when the read has a cursor), so resuming after
 * a position means skipping records up to and including the first one with that key. When no record has it any
 * more (the file was replaced), the whole file is read again: reading a record twice is at worst a repeated (idempotent)
 * upsert, while skipping one would lose it. A malformed record comes out as
 * {@link SourceRecord#unreadable} naming its line, with no key, so it is rejected and never becomes a resume point.
 */
final class CsvRecordStream implements RecordStream {

    private static final Logger LOG = Logger.getLogger(CsvRecordStream.class);

    static final String MALFORMED = "source.malformed_csv";
    static final String BAD_CURSOR = "source.invalid_cursor_value";

    private final CsvSession session;
    private final Path file;
    private final ReadRequest request;
    private final Position after;
    private CsvParser parser;
    private CsvParser.Row pending;
    private int expectedFields;
    private int[] fieldIndexes;
    private int[] keyIndexes;
    private int cursorIndex = -1;
    private boolean skipping;
    private SourceRecord next;

    CsvRecordStream(CsvSession session, Path file, ReadRequest request) throws IOException {
        this.session = session;
        this.file = file;
        this.request = request;
        this.after = request.after();
        this.skipping = after != null && !request.keyFields().isEmpty() && after.isComplete();
        start();
    }

    /** Opens the file, reads its header and maps the requested fields to columns. */
    private void start() throws IOException {
        parser = session.open(file);
        try {
            CsvSession.Header header = session.header(parser, request.objectName());
            List<String> names = header.names();
            pending = header.firstRecord();
            expectedFields = names.size();
            fieldIndexes = indexes(names, request.fields());
            keyIndexes = indexes(names, request.keyFields());
            if (request.hasCursor()) {
                cursorIndex = indexes(names, List.of(request.cursorField()))[0];
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private int[] indexes(List<String> names, List<String> fields) {
        int[] indexes = new int[fields.size()];
        for (int i = 0; i < fields.size(); i++) {
            indexes[i] = names.indexOf(fields.get(i));
            if (indexes[i] < 0) {
                throw new ConnectorException(Reason.CONFIGURATION, "object '" + request.objectName()
                        + "' has no field '" + fields.get(i) + "'");
            }
        }
        return indexes;
    }

    @Override
    public boolean hasNext() {
        if (next == null) {
            try {
                next = advance();
            } catch (IOException e) {
                throw CsvSession.readFailure(request.objectName(), e);
            }
        }
        return next != null;
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        SourceRecord record = next;
        next = null;
        return record;
    }

    private SourceRecord advance() throws IOException {
        while (true) {
            CsvParser.Row row = pending != null ? pending : parser.next();
            pending = null;
            if (row == null) {
                if (!skipping) {
                    return null;
                }
                LOG.warnf("no record of object '%s' has the key of the last checkpoint %s any more (file replaced?); "
                        + "reading the whole file again", request.objectName(), after.key());
                skipping = false;
                close();
                start();
                continue;
            }
            String problem = row.problemWith(expectedFields);
            if (skipping) {
                skipping = problem != null || !key(row).equals(after.key());
                continue;
            }
            if (problem != null) {
                return unreadable(MALFORMED, problem, row);
            }
            Instant modified = null;
            if (cursorIndex >= 0) {
                String value = row.fields().get(cursorIndex);
                modified = instant(value, session.settings.zone());
                if (modified == null) {
                    return unreadable(BAD_CURSOR, "line " + row.line() + ": cursor field '" + request.cursorField()
                            + "' holds " + (value == null ? "no value" : "'" + value + "'")
                            + ", not an ISO-8601 date-time", row);
                }
                if (request.windowStart() != null && modified.isBefore(request.windowStart())
                        || request.windowEnd() != null && !modified.isBefore(request.windowEnd())) {
                    continue;
                }
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < fieldIndexes.length; i++) {
                values.put(request.fields().get(i), row.fields().get(fieldIndexes[i]));
            }
            return new SourceRecord(values, new Position(modified, key(row)));
        }
    }

    private List<String> key(CsvParser.Row row) {
        List<String> key = new ArrayList<>(keyIndexes.length);
        for (int index : keyIndexes) {
            key.add(row.fields().get(index));
        }
        return key;
    }

    /** A rejected record: its key is unknown (all null), so its position is incomplete. */
    private SourceRecord unreadable(String code, String message, CsvParser.Row row) {
        Position position = new Position(null, Collections.nCopies(request.keyFields().size(), null));
        return SourceRecord.unreadable(position, code, message, row.rawText());
    }

    /**
     * An ISO-8601 date-time with an offset ({@code 2024-03-01T10:00:00Z}), or a local one in the endpoint's zone;
     * null when the text is neither.
     */
    static Instant instant(String text, ZoneId zone) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                return null;
            }
        }
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException ignored) {
            // A file opened for reading has nothing to flush.
        }
    }
}
