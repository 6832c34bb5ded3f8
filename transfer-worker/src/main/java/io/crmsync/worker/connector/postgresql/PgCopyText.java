package io.crmsync.worker.connector.postgresql;

import java.util.List;

import io.crmsync.worker.connector.TargetRow;

/**
 * Rows in COPY's text format: tab-separated, {@code \N} for NULL, backslash escapes for the characters that
 * would end a field or a line. Values are the same text {@link PgValues#toText} gives a {@code CAST(? AS type)},
 * so COPY applies exactly the input rules a bound statement would.
 */
final class PgCopyText {

    private PgCopyText() {
    }

    /**
     * The rows as COPY text, each prefixed by its ordinal column when {@code withOrdinal} (the stage's {@code o},
     * the row's index in the batch).
     */
    static String of(List<TargetRow> rows, boolean withOrdinal) {
        StringBuilder text = new StringBuilder(rows.size() * 256);
        for (int r = 0; r < rows.size(); r++) {
            boolean first = true;
            if (withOrdinal) {
                text.append(r);
                first = false;
            }
            for (Object value : rows.get(r).values()) {
                if (!first) {
                    text.append('\t');
                }
                first = false;
                appendField(text, PgValues.toText(value));
            }
            text.append('\n');
        }
        return text.toString();
    }

    static void appendField(StringBuilder text, String value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        int plain = 0;
        while (plain < value.length() && !needsEscape(value.charAt(plain))) {
            plain++;
        }
        text.append(value, 0, plain);
        for (int i = plain; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }

    private static boolean needsEscape(char c) {
        return c == '\\' || c == '\t' || c == '\n' || c == '\r';
    }
}
