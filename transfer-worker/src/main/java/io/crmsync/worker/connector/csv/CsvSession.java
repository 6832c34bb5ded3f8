package io.crmsync.worker.connector.csv;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ConnectorSession;
import io.crmsync.worker.connector.ObjectDescription;

/** A CSV endpoint: a directory of files. Holds no open file between calls, so there is nothing to reconnect. */
class CsvSession implements ConnectorSession {

    /** The type every CSV field has: a file holds text, and field rules convert it. */
    static final String FIELD_TYPE = "text";

    protected final CsvSettings settings;

    CsvSession(CsvSettings settings) {
        this.settings = settings;
    }

    @Override
    public String serverVersion() {
        return "CSV files (" + settings.charset().name() + ", delimiter '" + settings.delimiter() + "')";
    }

    /** The header's fields in order, all nullable text; no unique keys, since nothing keeps a file's rows unique. */
    @Override
    public Optional<ObjectDescription> describe(String objectName) {
        Path file = settings.file(objectName);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (CsvParser parser = open(file)) {
            List<ObjectDescription.Field> fields = header(parser, objectName).names().stream()
                    .map(name -> new ObjectDescription.Field(name, FIELD_TYPE, true, false, false)).toList();
            return Optional.of(new ObjectDescription(objectName, fields, List.of()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw readFailure(objectName, e);
        }
    }

    CsvParser open(Path file) throws IOException {
        return new CsvParser(new BufferedInputStream(Files.newInputStream(file), 65_536), settings.charset(),
                settings.delimiter());
    }

    /**
     * The field names of a file whose parser stands at its start. With a header they are the first record's
     * fields; without one they are {@code column1..N} after the first record, which is then data.
     *
     * @param names the field names, empty for an empty file
     * @param firstRecord without a header, the first record (to be read as data); otherwise null
     */
    record Header(List<String> names, CsvParser.Row firstRecord) {
    }

    Header header(CsvParser parser, String objectName) throws IOException {
        CsvParser.Row first = parser.next();
        if (first == null) {
            return new Header(List.of(), null);
        }
        if (!settings.header()) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= first.fields().size(); i++) {
                names.add("column" + i);
            }
            return new Header(names, first);
        }
        if (first.problem() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "object '" + objectName + "': the header is malformed, "
                    + first.problemWith(first.fields().size()));
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < first.fields().size(); i++) {
            String name = first.fields().get(i);
            if (name == null || name.isEmpty()) {
                throw new ConnectorException(Reason.CONFIGURATION, "object '" + objectName + "': header field "
                        + (i + 1) + " on line " + first.line() + " is empty");
            }
            if (!seen.add(name)) {
                throw new ConnectorException(Reason.CONFIGURATION, "object '" + objectName + "': the header names '"
                        + name + "' twice");
            }
        }
        return new Header(first.fields(), null);
    }

    /** A failure to read a file: an I/O error on a local or mounted disk may pass, so it is worth retrying. */
    static ConnectorException readFailure(String objectName, IOException e) {
        return new ConnectorException(Reason.TRANSIENT, "reading object '" + objectName + "' failed: " + e, e);
    }

    @Override
    public void close() {
        // Nothing is held open between calls.
    }
}
