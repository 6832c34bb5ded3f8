package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;

/** The read-ahead against an in-memory stream that counts the records it hands out. */
class ReadAheadTest {

    private static final int BATCH = 10;
    private static final int DEPTH = 2;

    @Test
    void shouldHandOverEveryBatchInOrderAndThenEnd() {
        // given
        ListStream stream = new ListStream(95);

        // when
        List<List<Integer>> batches = new ArrayList<>();
        try (ReadAhead<List<Integer>> ahead = readAhead(stream, ReadAheadTest::numbers)) {
            for (List<Integer> batch = ahead.next(); batch != null; batch = ahead.next()) {
                batches.add(batch);
            }
            assertThat(ahead.next()).isNull();
        }

        // then: nine full batches and the rest, nothing lost, nothing twice
        assertThat(batches).hasSize(10);
        assertThat(batches.subList(0, 9)).allSatisfy(batch -> assertThat(batch).hasSize(BATCH));
        assertThat(batches.stream().flatMap(List::stream).toList())
                .isEqualTo(IntStream.range(0, 95).boxed().toList());
    }

    @Test
    void shouldStopReadingWhileTheConsumerHoldsOff() throws InterruptedException {
        // given
        ListStream stream = new ListStream(1_000);

        try (ReadAhead<List<Integer>> ahead = readAhead(stream, ReadAheadTest::numbers)) {
            // when: nothing is taken for a while
            TimeUnit.MILLISECONDS.sleep(300);
            int readWhileHeldOff = stream.handedOut.get();
            TimeUnit.MILLISECONDS.sleep(200);

            // then: the queue, one batch waiting to be queued and one being read at most; and no more meanwhile
            assertThat(readWhileHeldOff).isPositive().isLessThanOrEqualTo((DEPTH + 1) * BATCH + BATCH);
            assertThat(stream.handedOut.get()).isEqualTo(readWhileHeldOff);

            // and once taken, the rest follows
            int taken = 0;
            for (List<Integer> batch = ahead.next(); batch != null; batch = ahead.next()) {
                taken += batch.size();
            }
            assertThat(taken).isEqualTo(1_000);
        }
    }

    @Test
    void shouldHandAReadFailureOverAfterTheBatchesReadBeforeIt() {
        // given: the stream fails after 25 records
        RuntimeException failure = new IllegalStateException("connection reset");
        ListStream stream = new ListStream(100, 25, failure);

        try (ReadAhead<List<Integer>> ahead = readAhead(stream, ReadAheadTest::numbers)) {
            // when / then
            assertThat(ahead.next()).isEqualTo(IntStream.range(0, 10).boxed().toList());
            assertThat(ahead.next()).isEqualTo(IntStream.range(10, 20).boxed().toList());
            assertThatThrownBy(ahead::next).isSameAs(failure);
        }
    }

    @Test
    void shouldLetGoOfTheStreamPromptlyWhenClosedWhileBlocked() throws InterruptedException {
        // given: a producer blocked on a full queue
        ListStream stream = new ListStream(1_000);
        ReadAhead<List<Integer>> ahead = readAhead(stream, ReadAheadTest::numbers);
        awaitStable(stream);

        // when
        long started = System.nanoTime();
        ahead.close();
        long closeMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        int callsAtClose = stream.calls.get();
        TimeUnit.MILLISECONDS.sleep(200);

        // then: well within a second, and the stream is not touched afterwards
        assertThat(closeMillis).isLessThan(1_000);
        assertThat(stream.calls.get()).isEqualTo(callsAtClose);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("read-ahead-test"));
    }

    @Test
    void shouldPropagateAnErrorOfTheMapping() {
        // given
        Error error = new AssertionError("mapping broke");
        ListStream stream = new ListStream(30);

        try (ReadAhead<List<Integer>> ahead = readAhead(stream, records -> {
            throw error;
        })) {
            // when / then
            assertThatThrownBy(ahead::next).isSameAs(error);
        }
    }

    private static ReadAhead<List<Integer>> readAhead(RecordStream stream,
            Function<List<SourceRecord>, List<Integer>> map) {
        return new ReadAhead<>("read-ahead-test", stream, BATCH, DEPTH, map);
    }

    private static List<Integer> numbers(List<SourceRecord> records) {
        return records.stream().map(r -> (Integer) r.values().get("n")).toList();
    }

    /** Waits until the producer has read something and then read nothing more for 100 ms. */
    private static void awaitStable(ListStream stream) throws InterruptedException {
        int seen = -1;
        while (stream.handedOut.get() == 0 || stream.handedOut.get() != seen) {
            seen = stream.handedOut.get();
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    /** Records {@code n = 0, 1, ...}; optionally fails, after {@code failAfter} records, with {@code failure}. */
    private static final class ListStream implements RecordStream {

        private final int size;
        private final int failAfter;
        private final RuntimeException failure;
        final AtomicInteger handedOut = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();

        ListStream(int size) {
            this(size, Integer.MAX_VALUE, null);
        }

        ListStream(int size, int failAfter, RuntimeException failure) {
            this.size = size;
            this.failAfter = failAfter;
            this.failure = failure;
        }

        @Override
        public boolean hasNext() {
            calls.incrementAndGet();
            if (handedOut.get() == failAfter) {
                throw failure;
            }
            return handedOut.get() < size;
        }

        @Override
        public SourceRecord next() {
            calls.incrementAndGet();
            return new SourceRecord(Map.of("n", handedOut.getAndIncrement()), null);
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
