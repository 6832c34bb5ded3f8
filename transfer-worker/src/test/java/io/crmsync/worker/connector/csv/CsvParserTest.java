package io.crmsync.worker.connector.csv;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class CsvParserTest {

    /**
     * Each case: the file's bytes, and each record the parser returns as {@code line: [fields]} when it is well
     * formed for {@code fields} fields, or {@code line! problem} when it is not.
     */
    static Stream<Arguments> cases() {
        return Stream.of(
                good("quoted delimiter", "a,b,c\n1,\"x,y\",3\n", 3, "1: [a, b, c]", "2: [1, x,y, 3]"),
                good("doubled quotes", "a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n", 2, "1: [a, b]", "2: [say \"hi\", \"]"),
                good("embedded newlines keep line numbers", "id,note\n1,\"two\nlines\"\n2,\"three\n\nlines\"\n3,x\n",
                        2, "1: [id, note]", "2: [1, two\nlines]", "4: [2, three\n\nlines]", "7: [3, x]"),
                good("CRLF", "a,b\r\n1,2\r\n3,\"x\r\ny\"\r\n4,5\r\n", 2, "1: [a, b]", "2: [1, 2]",
                        "3: [3, x\r\ny]", "5: [4, 5]"),
                good("lone CR", "a,b\r1,2\r", 2, "1: [a, b]", "2: [1, 2]"),
                good("byte order mark", "\uFEFFid,name\n1,x\n", 2, "1: [id, name]", "2: [1, x]"),
                good("empty unquoted is null, quoted is empty", "a,b,c\n,\"\",x\n", 3, "1: [a, b, c]",
                        "2: [null, , x]"),
                good("trailing delimiter is an empty last field", "a,b\n1,\n", 2, "1: [a, b]", "2: [1, null]"),
                good("empty trailing line", "a,b\n1,2\n\n", 2, "1: [a, b]", "2: [1, 2]"),
                good("empty lines between records are skipped", "a,b\n\n1,2\n", 2, "1: [a, b]", "3: [1, 2]"),
                good("no final line break", "a,b\n1,2", 2, "1: [a, b]", "2: [1, 2]"),
                good("no header: every line is data", "1,x\n2,y\n", 2, "1: [1, x]", "2: [2, y]"),
                malformed("unterminated quote at EOF", "a,b\n1,2\n3,\"open\n4,5\n", 2, "1: [a, b]", "2: [1, 2]",
                        "3! line 3: quoted field 2 is not closed before the end of the file"),
                malformed("stray quote in an unquoted field", "a,b\n1,x\"y\n2,z\n", 2, "1: [a, b]",
                        "2! line 2: quote inside an unquoted field (field 2)", "3: [2, z]"),
                malformed("text after a closing quote", "a,b\n\"x\"y,1\n2,z\n", 2, "1: [a, b]",
                        "2! line 2: unexpected text after the closing quote of field 1", "3: [2, z]"),
                malformed("too few fields", "a,b,c\n1,2\n3,4,5\n", 3, "1: [a, b, c]",
                        "2! line 2: expected 3 fields, found 2", "3: [3, 4, 5]"),
                malformed("too many fields after a multi-line record", "a,b\n1,\"x\ny\"\n2,3,4\n5,6\n", 2,
                        "1: [a, b]", "2: [1, x\ny]", "4! line 4: expected 2 fields, found 3", "5: [5, 6]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldSplitRecordsAndNameTheLineOfEachProblem(String name, byte[] input, int fields, List<String> expected)
            throws IOException {
        assertThat(parse(input, StandardCharsets.UTF_8, ',', fields)).containsExactlyElementsOf(expected);
    }

    @Test
    void shouldRejectInvalidUtf8AndReadTheNextRecord() throws IOException {
        // given: 0xC3 0x28 is not UTF-8 (0xC3 needs a continuation byte)
        byte[] input = bytes("a,b\n1,", new byte[] { (byte) 0xC3, 0x28 }, "\n\"2\n\",\"", new byte[] { (byte) 0xFF },
                "\"\n3,z\n");

        // when
        List<String> rows = parse(input, StandardCharsets.UTF_8, ',', 2);

        // then
        assertThat(rows).containsExactly("1: [a, b]", "2! line 2: invalid byte sequence for encoding UTF-8",
                "3! line 3: invalid byte sequence for encoding UTF-8", "5: [3, z]");
    }

    @Test
    void shouldRejectATruncatedSequenceAtTheEndOfTheFile() throws IOException {
        assertThat(parse(bytes("a\nx", new byte[] { (byte) 0xE2, (byte) 0x82 }), StandardCharsets.UTF_8, ',', 1))
                .containsExactly("1: [a]", "2! line 2: invalid byte sequence for encoding UTF-8");
    }

    @Test
    void shouldReadOtherDelimitersAndEncodings() throws IOException {
        // given: ISO-8859-1 é is the single byte 0xE9, which is invalid as UTF-8
        byte[] input = "name;city\n\"Dupont; Jean\";Orl\u00e9ans\n".getBytes(StandardCharsets.ISO_8859_1);

        // when
        List<String> rows = parse(input, StandardCharsets.ISO_8859_1, ';', 2);

        // then
        assertThat(rows).containsExactly("1: [name, city]", "2: [Dupont; Jean, Orl\u00e9ans]");
        assertThat(parse(input, StandardCharsets.UTF_8, ';', 2)).last().asString()
                .isEqualTo("2! line 2: invalid byte sequence for encoding UTF-8");
    }

    @Test
    void shouldReadRecordsAcrossBufferBoundaries() throws IOException {
        // given: multi-byte characters straddling the decoder's 8 KiB buffers
        StringBuilder file = new StringBuilder("id,text\n");
        for (int i = 1; i <= 3000; i++) {
            file.append(i).append(",\"\u00e9\u20ac\n").append(i).append("\"\n");
        }

        // when
        List<String> rows = parse(file.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, ',', 2);

        // then
        assertThat(rows).hasSize(3001);
        assertThat(rows.get(3000)).isEqualTo("6000: [3000, \u00e9\u20ac\n3000]");
    }

    @Test
    void shouldCutAnOverlongRecordAndGoOn() throws IOException {
        // given: a field longer than a record may be
        String huge = "x".repeat(CsvParser.MAX_RECORD_CHARS + 10);
        byte[] input = ("a,b\n1,\"" + huge + "\"\n2,y\n").getBytes(StandardCharsets.UTF_8);

        // when
        List<String> rows = parse(input, StandardCharsets.UTF_8, ',', 2);

        // then
        assertThat(rows).containsExactly("1: [a, b]",
                "2! line 2: the record is longer than " + CsvParser.MAX_RECORD_CHARS + " characters", "3: [2, y]");
    }

    private static List<String> parse(byte[] input, Charset charset, char delimiter, int fields) throws IOException {
        List<String> rows = new ArrayList<>();
        try (CsvParser parser = new CsvParser(new ByteArrayInputStream(input), charset, delimiter)) {
            for (CsvParser.Row row = parser.next(); row != null; row = parser.next()) {
                String problem = row.problemWith(fields);
                rows.add(problem == null ? row.line() + ": " + row.fields() : row.line() + "! " + problem);
            }
        }
        return rows;
    }

    private static Arguments good(String name, String input, int fields, String... rows) {
        return Arguments.of(name, input.getBytes(StandardCharsets.UTF_8), fields, List.of(rows));
    }

    private static Arguments malformed(String name, String input, int fields, String... rows) {
        return good(name, input, fields, rows);
    }

    private static byte[] bytes(Object... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Object part : parts) {
            out.writeBytes(part instanceof byte[] b ? b : ((String) part).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
