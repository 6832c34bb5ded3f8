package io.crmsync.worker.connector.csv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceSession;

/**
 * Reads one file of a CSV endpoint in file order. A file has no cursor order and cannot be split into key ranges
 * or filtered ({@link SourceSession#planRanges} and {@link SourceSession#filterProblems} keep their defaults),
 * so a request that asks for either is refused rather than partly honoured.
 */
final class CsvSource extends CsvSession implements SourceSession {

    CsvSource(CsvSettings settings) {
        super(settings);
    }

    @Override
    public RecordStream read(ReadRequest request) {
        if (request.range() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "the csv connector cannot read a key range of object '"
                    + request.objectName() + "'");
        }
        if (request.filter() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "the csv connector cannot filter object '"
                    + request.objectName() + "'");
        }
        Path file = settings.file(request.objectName());
        if (!Files.isRegularFile(file)) {
            throw new ConnectorException(Reason.CONFIGURATION, "object '" + request.objectName()
                    + "' does not exist (no file " + file.getFileName() + ")");
        }
        try {
            return new CsvRecordStream(this, file, request);
        } catch (IOException e) {
            throw readFailure(request.objectName(), e);
        }
    }
}
