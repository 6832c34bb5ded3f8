package io.crmsync.worker.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.task.TaskStoppedException;

/**
 * Reads and maps batches on a thread of its own while the task's thread writes the previous ones, so that the
 * source, the mapping and the target work at the same time. At most {@code depth} mapped batches wait: when the
 * target is slower, reading stops (backpressure) and memory stays bounded by {@code depth + 2} batches. A read
 * failure reaches the writer after the batches read before it, in order.
 */
final class ReadAhead<T> implements AutoCloseable {

    private static final Object END = new Object();
    private static final long OFFER_POLL_MILLIS = 100;

    private final RecordStream records;
    private final int batchSize;
    private final Function<List<SourceRecord>, T> map;
    private final BlockingQueue<Object> ready;
    private final Thread thread;
    private volatile boolean closed;
    private boolean ended;

    ReadAhead(String name, RecordStream records, int batchSize, int depth, Function<List<SourceRecord>, T> map) {
        this.records = records;
        this.batchSize = batchSize;
        this.map = map;
        this.ready = new ArrayBlockingQueue<>(depth);
        this.thread = new Thread(this::readAll, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next mapped batch, or null when the source has no more records; rethrows a read failure. */
    @SuppressWarnings("unchecked")
    T next() {
        if (ended) {
            return null;
        }
        Object item;
        try {
            item = ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskStoppedException("interrupted while waiting for the source");
        }
        if (item == END) {
            ended = true;
            return null;
        }
        if (item instanceof Failure failure) {
            ended = true;
            if (failure.cause() instanceof Error error) {
                throw error;
            }
            throw (RuntimeException) failure.cause();
        }
        return (T) item;
    }

    private void readAll() {
        try {
            List<SourceRecord> batch = new ArrayList<>(batchSize);
            while (!closed && records.hasNext()) {
                batch.add(records.next());
                if (batch.size() == batchSize) {
                    hand(map.apply(batch));
                    batch = new ArrayList<>(batchSize);
                }
            }
            if (!batch.isEmpty()) {
                hand(map.apply(batch));
            }
            hand(END);
        } catch (RuntimeException | Error e) {
            hand(new Failure(e));
        }
    }

    /** Waits for room, giving up once the writer has closed this read. */
    private void hand(Object item) {
        try {
            while (!closed) {
                if (ready.offer(item, OFFER_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops reading and waits for the reading thread to let go of the stream (it finishes the fetch in
     * progress), so the caller may close the stream afterwards.
     */
    @Override
    public void close() {
        closed = true;
        ready.clear();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Failure(Throwable cause) {
    }
}
