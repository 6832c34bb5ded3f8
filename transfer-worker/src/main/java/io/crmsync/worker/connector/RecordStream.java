package io.crmsync.worker.connector;

import java.util.Iterator;

/** Records read from a source, one at a time; must be closed to release the underlying cursor. */
public interface RecordStream extends Iterator<SourceRecord>, AutoCloseable {

    /** Releases the cursor; never throws. */
    @Override
    void close();
}
