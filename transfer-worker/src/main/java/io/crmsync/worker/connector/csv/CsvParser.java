package io.crmsync.worker.connector.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits RFC 4180 text into records, one at a time, in bounded memory.
 *
 * <p>Hand-written rather than taken from a library (Apache Commons CSV, FastCSV) on purpose: both decode through a
 * {@link java.io.Reader}, so invalid bytes are either replaced silently or abort the whole read with no record to
 * blame; Commons CSV reports the line the parser has reached, not the one a multi-line record started on, and
 * stops at bad quoting with an exception after which it cannot go on. Here every problem stays inside its record:
 * the record is returned with the problem and the line it starts on, and reading goes on at the next record. The
 * grammar is small enough that owning it costs less than working around either library.
 *
 * <p>Rules: fields are separated by the delimiter, records by CRLF, LF or CR. A field that starts with a quote
 * is quoted: it ends at the next single quote, a doubled quote stands for one quote, and delimiters and line
 * breaks inside it are data. An unquoted empty field is null, a quoted empty field is the empty string. Lines that
 * are entirely empty are skipped. A quote inside an unquoted field, or anything but a delimiter or line break after
 * a closing quote, makes the record malformed; the rest of its physical line is taken as part of it. A quoted field
 * left open at the end of the file makes the last record malformed. A leading byte order mark is dropped.
 */
final class CsvParser implements Closeable {

    /** A record may hold at most this many characters; the rest of a longer one is read past, not kept. */
    static final int MAX_RECORD_CHARS = 1 << 20;
    /** How much of a malformed record's text is kept for the reject. */
    private static final int MAX_RAW_CHARS = 4096;
    private static final int NONE = -3;

    /**
     * One record.
     *
     * @param line the physical line (1-based) the record starts on
     * @param fields the fields; null entries are empty unquoted fields
     * @param problem why the record is malformed, or null
     * @param rawText the record's text, cut at {@value #MAX_RAW_CHARS} characters
     */
    record Row(long line, List<String> fields, String problem, String rawText) {

        /** The problem, or a wrong field count, as admins read it: {@code line 17: expected 6 fields, found 5}. */
        String problemWith(int expectedFields) {
            if (problem != null) {
                return "line " + line + ": " + problem;
            }
            if (fields.size() != expectedFields) {
                return "line " + line + ": expected " + expectedFields + " fields, found " + fields.size();
            }
            return null;
        }
    }

    private final InputStream in;
    private final StrictDecoder decoder;
    private final char delimiter;
    private final String encoding;
    private int pushedBack = NONE;
    private long line = 1;
    private boolean started;

    // State of the record being read.
    private final StringBuilder field = new StringBuilder();
    private final StringBuilder raw = new StringBuilder();
    private int recordChars;
    private String problem;

    CsvParser(InputStream in, Charset charset, char delimiter) {
        this.in = in;
        this.decoder = new StrictDecoder(in, charset);
        this.delimiter = delimiter;
        this.encoding = charset.name();
    }

    /** The next record, or null at the end of the input. */
    Row next() throws IOException {
        int c = read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        while (c == '\r' || c == '\n') {
            endLine(c);
            c = read();
        }
        if (c == StrictDecoder.EOF) {
            return null;
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        raw.setLength(0);
        recordChars = 0;
        problem = null;
        while (true) {
            c = c == '"' ? quoted(fields) : unquoted(c, fields);
            if (c == delimiter) {
                keep(c);
                c = read();
                continue;
            }
            if (c != StrictDecoder.EOF) {
                endLine(c);
            }
            return new Row(start, fields, problem, raw.toString());
        }
    }

    /** Reads an unquoted field starting with {@code c}; returns the character that ended it. */
    private int unquoted(int c, List<String> fields) throws IOException {
        field.setLength(0);
        while (c != delimiter && c != '\r' && c != '\n' && c != StrictDecoder.EOF) {
            if (c == '"') {
                problem("quote inside an unquoted field (field " + (fields.size() + 1) + ")");
                fields.add(null);
                return restOfLine();
            }
            append(c);
            c = read();
        }
        fields.add(field.isEmpty() ? null : field.toString());
        return c;
    }

    /** Reads a quoted field after its opening quote; returns the character after its closing quote. */
    private int quoted(List<String> fields) throws IOException {
        field.setLength(0);
        keep('"');
        while (true) {
            int c = read();
            if (c == StrictDecoder.EOF) {
                problem("quoted field " + (fields.size() + 1) + " is not closed before the end of the file");
                fields.add(field.toString());
                return c;
            }
            if (c == '"') {
                keep(c);
                int after = read();
                if (after != '"') {
                    fields.add(field.toString());
                    if (after != delimiter && after != '\r' && after != '\n' && after != StrictDecoder.EOF) {
                        problem("unexpected text after the closing quote of field " + fields.size());
                        pushedBack = after;
                        return restOfLine();
                    }
                    return after;
                }
                keep(after);
                append('"');
            } else if (c == '\r' || c == '\n') {
                append(c);
                if (c == '\r') {
                    int next = read();
                    if (next == '\n') {
                        append(next);
                    } else {
                        pushedBack = next;
                    }
                }
                line++;
            } else {
                append(c);
            }
        }
    }

    /** Reads past the rest of a malformed record's physical line; returns the line break or EOF that ends it. */
    private int restOfLine() throws IOException {
        int c = read();
        while (c != '\r' && c != '\n' && c != StrictDecoder.EOF) {
            keep(c);
            c = read();
        }
        return c;
    }

    /** Consumes the line break starting with {@code c} (CRLF, LF or CR) and counts the line. */
    private void endLine(int c) throws IOException {
        if (c == '\r') {
            int next = read();
            if (next != '\n') {
                pushedBack = next;
            }
        }
        line++;
    }

    private void append(int c) {
        keep(c);
        if (recordChars < MAX_RECORD_CHARS) {
            field.append(c == StrictDecoder.INVALID ? '\uFFFD' : (char) c);
        } else {
            problem("the record is longer than " + MAX_RECORD_CHARS + " characters");
        }
    }

    /** Counts a character of the record and keeps it for the raw text. */
    private void keep(int c) {
        recordChars++;
        if (c == StrictDecoder.INVALID) {
            problem("invalid byte sequence for encoding " + encoding);
        }
        if (raw.length() < MAX_RAW_CHARS) {
            raw.append(c == StrictDecoder.INVALID ? '\uFFFD' : (char) c);
        }
    }

    /** Remembers the first problem of the record. */
    private void problem(String message) {
        if (problem == null) {
            problem = message;
        }
    }

    private int read() throws IOException {
        if (pushedBack != NONE) {
            int c = pushedBack;
            pushedBack = NONE;
            return c;
        }
        return decoder.read();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
