package io.crmsync.config.lookup;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

import io.crmsync.config.api.InvalidInputException;
import io.crmsync.config.api.Problem.FieldError;

/**
 * Reads and writes the CSV form of a reference lookup: a {@code source,target} header, then one pair per
 * record (RFC 4180 quoting). A file with any bad line is refused whole, every bad line named, so a half-loaded
 * table never translates records.
 */
public final class LookupCsv {

    static final int MAX_ENTRIES = 100_000;
    static final int MAX_VALUE_LENGTH = 4_000;
    private static final int MAX_REPORTED = 50;
    private static final CSVFormat FORMAT = CSVFormat.RFC4180;

    /** One translation. */
    public record Entry(String source, String target) {
    }

    private LookupCsv() {
    }

    static List<Entry> parse(byte[] bytes) {
        String text = decode(bytes);
        List<FieldError> errors = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        Map<String, Long> firstLine = new HashMap<>();
        try (CSVParser parser = FORMAT.parse(new StringReader(text))) {
            Iterator<CSVRecord> records = parser.iterator();
            if (!records.hasNext()) {
                throw invalid(List.of(new FieldError("line 1", "the file is empty; expected the header source,target")));
            }
            checkHeader(records.next(), errors);
            while (errors.size() < MAX_REPORTED) {
                long start = parser.getCurrentLineNumber() + 1;
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException e) {
                    errors.add(new FieldError("line " + start, "is not valid CSV (check the quotes)"));
                    break;
                }
                check(record, start, entries, firstLine, errors);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!errors.isEmpty()) {
            throw invalid(errors);
        }
        return entries;
    }

    static String write(List<Entry> entries) {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, FORMAT)) {
            printer.printRecord("source", "target");
            for (Entry entry : entries) {
                printer.printRecord(entry.source(), entry.target());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void checkHeader(CSVRecord header, List<FieldError> errors) {
        boolean ok = header.size() == 2 && stripBom(header.get(0)).trim().toLowerCase(Locale.ROOT).equals("source")
                && header.get(1).trim().toLowerCase(Locale.ROOT).equals("target");
        if (!ok) {
            errors.add(new FieldError("line 1", "must be the header source,target"));
        }
    }

    private static void check(CSVRecord record, long line, List<Entry> entries, Map<String, Long> firstLine,
            List<FieldError> errors) {
        String at = "line " + line;
        if (record.size() == 1 && record.get(0).isEmpty()) {
            return; // a blank line
        }
        if (record.size() != 2) {
            errors.add(new FieldError(at, "has " + record.size() + " fields; expected 2 (source,target)"));
            return;
        }
        String source = record.get(0);
        String target = record.get(1);
        if (source.isEmpty()) {
            errors.add(new FieldError(at, "has an empty source value"));
        } else if (source.length() > MAX_VALUE_LENGTH || target.length() > MAX_VALUE_LENGTH) {
            errors.add(new FieldError(at, "has a value longer than " + MAX_VALUE_LENGTH + " characters"));
        } else if (source.indexOf('\0') >= 0 || target.indexOf('\0') >= 0) {
            errors.add(new FieldError(at, "holds a NUL character"));
        } else if (firstLine.containsKey(source)) {
            errors.add(new FieldError(at, "repeats the source value of line " + firstLine.get(source)));
        } else if (entries.size() == MAX_ENTRIES) {
            errors.add(new FieldError(at, "is past the limit of " + MAX_ENTRIES + " entries"));
        } else {
            firstLine.put(source, line);
            entries.add(new Entry(source, target));
        }
    }

    /** Strict UTF-8: a bad byte sequence is reported with its physical line instead of becoming U+FFFD. */
    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            List<FieldError> errors = new ArrayList<>();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i <= bytes.length && errors.size() < MAX_REPORTED; i++) {
                if (i == bytes.length || bytes[i] == '\n') {
                    if (!validUtf8(bytes, lineStart, i)) {
                        errors.add(new FieldError("line " + line, "is not valid UTF-8"));
                    }
                    line++;
                    lineStart = i + 1;
                }
            }
            throw invalid(errors);
        }
    }

    private static boolean validUtf8(byte[] bytes, int from, int to) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, from, to - from));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static String stripBom(String value) {
        return value.startsWith("\uFEFF") ? value.substring(1) : value;
    }

    private static InvalidInputException invalid(List<FieldError> errors) {
        return new InvalidInputException("file", errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).detail()
                : errors.size() + " lines are invalid, the first: " + errors.get(0).field() + " "
                        + errors.get(0).detail(), errors);
    }
}
