package io.crmsync.worker.connector.csv;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;

/**
 * Appends rows to the files of a CSV endpoint; {@link CsvAppendFile} says what a commit is. Only INSERT_ONLY is
 * supported, and it never looks at the rows already in the file: every row is appended and counts as created, and
 * a match key is not checked (a file keeps nothing unique). UPSERT would need to find and rewrite a row in place,
 * which a file can only do by rewriting all of it while holding every key in memory; that is not offered. The rows
 * follow the file's header order; columns the write does not fill stay empty.
 */
final class CsvTarget extends CsvSession implements TargetSession {

    static final String UNENCODABLE = "target.unencodable_value";

    private final Map<String, CsvAppendFile> files = new HashMap<>();

    CsvTarget(CsvSettings settings) {
        super(settings);
    }

    @Override
    public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        spec.requireOperationIn(CsvConnector.OPERATIONS, CsvConnector.TYPE, ": it can only append rows");
        if (rows.isEmpty() || !spec.allowNewRecords()) {
            return Collections.nCopies(rows.size(), WriteResult.SKIPPED);
        }
        CsvAppendFile file = file(spec);
        int[] specIndexByColumn = specIndexByColumn(spec, file.columns());
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        List<WriteResult> results = new ArrayList<>(rows.size());
        for (TargetRow row : rows) {
            List<String> texts = new ArrayList<>(specIndexByColumn.length);
            for (int index : specIndexByColumn) {
                texts.add(index < 0 ? null : CsvFormat.text(row.values().get(index)));
            }
            byte[] bytes = file.encode(CsvFormat.record(texts, settings.delimiter()));
            if (bytes == null) {
                results.add(unencodable(file, texts));
            } else {
                batch.writeBytes(bytes);
                results.add(WriteResult.CREATED);
            }
        }
        guard.beforeCommit();
        if (batch.size() > 0) {
            file.append(batch.toByteArray());
        }
        return results;
    }

    private CsvAppendFile file(WriteSpec spec) {
        CsvAppendFile file = files.get(spec.objectName());
        if (file == null) {
            file = CsvAppendFile.open(this, spec.objectName(), spec.columns());
            files.put(spec.objectName(), file);
        }
        return file;
    }

    /** For each column of the file, the index of the spec column that fills it, or -1. */
    private static int[] specIndexByColumn(WriteSpec spec, List<String> columns) {
        for (String column : spec.columns()) {
            if (!columns.contains(column)) {
                throw new ConnectorException(Reason.CONFIGURATION, "object '" + spec.objectName()
                        + "' has no field '" + column + "'");
            }
        }
        return columns.stream().mapToInt(spec.columns()::indexOf).toArray();
    }

    private WriteResult unencodable(CsvAppendFile file, List<String> texts) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) != null && !file.canEncode(texts.get(i))) {
                return WriteResult.rejected(UNENCODABLE, "field '" + file.columns().get(i) + "' holds a character "
                        + "that encoding " + settings.charset().name() + " cannot represent");
            }
        }
        return WriteResult.rejected(UNENCODABLE, "the row cannot be written in encoding "
                + settings.charset().name());
    }

    /** Puts every object's committed rows in place. */
    @Override
    public void close() {
        files.values().forEach(CsvAppendFile::close);
        files.clear();
    }
}
