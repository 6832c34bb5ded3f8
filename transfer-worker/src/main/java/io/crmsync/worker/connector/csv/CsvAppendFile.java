package io.crmsync.worker.connector.csv;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;

import org.jboss.logging.Logger;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;

/**
 * The write of one object in progress. What "committed" means for a file:
 * <ul>
 * <li>The rows go to a hidden work file next to the object's file ({@code .contacts.csv.partial}), which starts as a
 * copy of that file (or as a header line when there is none): each write session copies the file once, the price
 * of replacing it atomically. A batch is committed when it is appended to the work
 * file and forced to disk ({@link FileChannel#force}), and then the work file's committed length is forced into a
 * marker file ({@code .contacts.csv.committed}).</li>
 * <li>On close the work file replaces the object's file in one atomic rename, so readers of {@code contacts.csv}
 * see either the old file or the old file plus every committed batch, never a torn row.</li>
 * <li>When a worker dies before closing, the next write of the object adopts the work file cut back to the
 * committed length: the batches the engine checkpointed are kept, a half-written batch is dropped and written
 * again by the resumed task. A batch can land twice only when the worker dies after the marker is forced but before
 * the engine checkpoints it.</li>
 * <li>A lock file ({@code .contacts.csv.lock}) keeps two sessions (threads or processes) from writing one object
 * at once; the second is refused as transient. It is left in place, so that deleting it cannot race a writer
 * waiting for it.</li>
 * </ul>
 */
final class CsvAppendFile implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CsvAppendFile.class);

    private final String objectName;
    private final Path target;
    private final Path partial;
    private final Path marker;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final FileChannel data;
    private final FileChannel markerChannel;
    private final List<String> columns;
    private final CharsetEncoder encoder;
    private long committed;

    private CsvAppendFile(String objectName, Path target, Path partial, Path marker, FileChannel lockChannel,
            FileLock lock, FileChannel data, FileChannel markerChannel, List<String> columns, Charset appendCharset,
            long committed) {
        this.objectName = objectName;
        this.target = target;
        this.partial = partial;
        this.marker = marker;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.data = data;
        this.markerChannel = markerChannel;
        this.columns = columns;
        this.encoder = appendCharset.newEncoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.committed = committed;
    }

    /**
     * Locks the object and prepares its work file: adopts one a dead session left, or starts one.
     *
     * @param newFileColumns the columns of the header written when the object has no file yet
     */
    static CsvAppendFile open(CsvSession session, String objectName, List<String> newFileColumns) {
        CsvSettings settings = session.settings;
        Path target = settings.file(objectName);
        Path partial = settings.workFile(objectName, ".partial");
        Path marker = settings.workFile(objectName, ".committed");
        FileChannel lockChannel = null;
        FileChannel data = null;
        try {
            lockChannel = FileChannel.open(settings.workFile(objectName, ".lock"), CREATE, WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                throw new ConnectorException(Reason.TRANSIENT, "another task is writing to object '" + objectName
                        + "' now");
            }
            long committed = adoptableLength(partial, marker);
            if (committed < 0) {
                committed = start(settings, target, partial, marker, newFileColumns);
            } else {
                LOG.infof("continuing the unfinished write of object '%s' at its last committed batch", objectName);
            }
            data = FileChannel.open(partial, READ, WRITE);
            data.truncate(committed);
            data.force(true);
            Charset appendCharset = appendCharset(settings.charset(), data);
            List<String> columns = columns(session, partial, objectName, newFileColumns);
            FileChannel markerChannel = FileChannel.open(marker, CREATE, WRITE);
            CsvAppendFile file = new CsvAppendFile(objectName, target, partial, marker, lockChannel, lock, data,
                    markerChannel, columns, appendCharset, committed);
            file.writeMarker(committed);
            return file;
        } catch (IOException e) {
            closeQuietly(data);
            closeQuietly(lockChannel);
            throw writeFailure(objectName, e);
        } catch (RuntimeException e) {
            closeQuietly(data);
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** The file's columns, in file order. */
    List<String> columns() {
        return columns;
    }

    /** The record in the file's encoding, or null when a character of it has no encoding there. */
    byte[] encode(String record) {
        try {
            ByteBuffer bytes = encoder.encode(CharBuffer.wrap(record));
            return Arrays.copyOfRange(bytes.array(), bytes.position(), bytes.limit());
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Whether the text can be written in the file's encoding. */
    boolean canEncode(String text) {
        return encoder.reset().canEncode(text); // a failed encode leaves the encoder mid-way
    }

    /**
     * Appends and commits a batch. When this fails, the file is cut back to its last committed length, so nothing
     * of the batch remains and a retry writes it once.
     */
    void append(byte[] batch) {
        long end = committed;
        try {
            ByteBuffer bytes = ByteBuffer.wrap(batch);
            while (bytes.hasRemaining()) {
                end += data.write(bytes, end);
            }
            data.force(true);
            writeMarker(end);
            committed = end;
        } catch (IOException e) {
            try {
                data.truncate(committed);
                data.force(true);
                writeMarker(committed);
            } catch (IOException alsoFailed) {
                e.addSuppressed(alsoFailed);
            }
            throw writeFailure(objectName, e);
        }
    }

    /** Puts the work file in place of the object's file; when that fails, the next write adopts it. */
    @Override
    public void close() {
        try {
            data.force(true);
            data.close();
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceDirectory(target.getParent());
            markerChannel.close();
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            LOG.errorf("could not put the written rows of object '%s' in place; the next write to it will: %s",
                    objectName, e);
        } finally {
            closeQuietly(data);
            closeQuietly(markerChannel);
            try {
                lock.release();
            } catch (IOException ignored) {
                // Closing the channel releases the lock as well.
            }
            closeQuietly(lockChannel);
        }
    }

    private void writeMarker(long length) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(Long.BYTES).putLong(length).flip();
        while (bytes.hasRemaining()) {
            markerChannel.write(bytes, bytes.position());
        }
        markerChannel.force(true);
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException heldInThisProcess) {
            return null;
        }
    }

    /** The committed length of a work file a dead session left, or -1 when there is none to adopt. */
    private static long adoptableLength(Path partial, Path marker) throws IOException {
        if (!Files.isRegularFile(partial) || !Files.isRegularFile(marker) || Files.size(marker) != Long.BYTES) {
            return -1;
        }
        long length = ByteBuffer.wrap(Files.readAllBytes(marker)).getLong();
        return length >= 0 && length <= Files.size(partial) ? length : -1;
    }

    /** Starts a work file from the object's file, or from a header; returns its length, forced to disk. */
    private static long start(CsvSettings settings, Path target, Path partial, Path marker,
            List<String> newFileColumns) throws IOException {
        Files.deleteIfExists(marker);
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            Files.copy(target, partial, StandardCopyOption.REPLACE_EXISTING);
            try (FileChannel copy = FileChannel.open(partial, READ, WRITE)) {
                Charset charset = appendCharset(settings.charset(), copy);
                if (!endsWithLineBreak(copy, charset)) {
                    copy.write(ByteBuffer.wrap(CsvFormat.LINE_BREAK.getBytes(charset)), copy.size());
                }
                copy.force(true);
                return copy.size();
            }
        }
        byte[] header = new byte[0];
        if (settings.header()) {
            String line = CsvFormat.record(newFileColumns, settings.delimiter());
            header = settings.charset().equals(StandardCharsets.UTF_16) ? line.getBytes(StandardCharsets.UTF_16)
                    : line.getBytes(settings.charset());
        }
        Files.write(partial, header);
        try (FileChannel created = FileChannel.open(partial, WRITE)) {
            created.force(true);
        }
        return header.length;
    }

    /**
     * The charset rows are appended in: the file's own, except that {@code UTF-16} would start every row with a
     * byte order mark, so its rows use the byte order of the file's mark (big-endian when there is none).
     */
    private static Charset appendCharset(Charset charset, FileChannel file) throws IOException {
        if (!charset.equals(StandardCharsets.UTF_16)) {
            return charset;
        }
        ByteBuffer mark = ByteBuffer.allocate(2);
        file.read(mark, 0);
        return mark.get(0) == (byte) 0xFF && mark.get(1) == (byte) 0xFE ? StandardCharsets.UTF_16LE
                : StandardCharsets.UTF_16BE;
    }

    /** Whether the file ends with LF or CR, so that an appended record starts on a line of its own. */
    private static boolean endsWithLineBreak(FileChannel file, Charset charset) throws IOException {
        for (String lineBreak : List.of("\n", "\r")) {
            byte[] expected = lineBreak.getBytes(charset);
            if (file.size() >= expected.length) {
                ByteBuffer last = ByteBuffer.allocate(expected.length);
                file.read(last, file.size() - expected.length);
                if (Arrays.equals(last.array(), expected)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> columns(CsvSession session, Path file, String objectName, List<String> fallback)
            throws IOException {
        try (CsvParser parser = session.open(file)) {
            List<String> names = session.header(parser, objectName).names();
            return names.isEmpty() ? List.copyOf(fallback) : names;
        }
    }

    /** Makes the rename durable; a platform that cannot open a directory for this keeps its own guarantees. */
    private static void forceDirectory(Path directory) {
        try (FileChannel dir = FileChannel.open(directory, READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not every platform can force a directory.
        }
    }

    private static ConnectorException writeFailure(String objectName, IOException e) {
        return new ConnectorException(Reason.TRANSIENT, "writing object '" + objectName + "' failed: " + e, e);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing was written through it that is not already forced.
            }
        }
    }
}
