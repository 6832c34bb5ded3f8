package io.crmsync.config.filter;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits filter text into tokens. Names are dot paths ({@code Owner.Name}); keywords are names the parser
 * recognises case-insensitively. Strings take single or double quotes and backslash escapes; {@code \%} and
 * {@code \_} are kept as written so that LIKE patterns can escape their wildcards.
 */
final class FilterTokenizer {

    enum Kind { NAME, STRING, NUMBER, OPERATOR, OPEN, CLOSE, COMMA, END }

    /**
     * One token.
     *
     * @param text the token as written (for names and operators) or its value (strings); "" at the end
     * @param number the value of a NUMBER token
     * @param column the 1-based column where the token starts
     */
    record Token(Kind kind, String text, BigDecimal number, int column) {

        boolean isKeyword(String keyword) {
            return kind == Kind.NAME && text.equalsIgnoreCase(keyword);
        }

        /** How messages show the token. */
        String shown() {
            return switch (kind) {
                case END -> "the end of the filter";
                case STRING -> "the string \"" + abbreviate(text) + "\"";
                default -> "'" + abbreviate(text) + "'";
            };
        }

        private static String abbreviate(String s) {
            return s.length() > 30 ? s.substring(0, 30) + "..." : s;
        }
    }

    private final String text;
    private final List<Token> tokens = new ArrayList<>();
    private int pos;

    private FilterTokenizer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        FilterTokenizer tokenizer = new FilterTokenizer(text);
        tokenizer.run();
        return tokenizer.tokens;
    }

    private void run() {
        while (true) {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                tokens.add(new Token(Kind.END, "", null, pos + 1));
                return;
            }
            tokens.add(next(text.charAt(pos)));
        }
    }

    private Token next(char c) {
        int start = pos;
        switch (c) {
            case '(' -> {
                pos++;
                return new Token(Kind.OPEN, "(", null, start + 1);
            }
            case ')' -> {
                pos++;
                return new Token(Kind.CLOSE, ")", null, start + 1);
            }
            case ',' -> {
                pos++;
                return new Token(Kind.COMMA, ",", null, start + 1);
            }
            case '\'', '"' -> {
                return string(c);
            }
            case '=', '!', '<', '>' -> {
                return operator();
            }
            default -> {
                if (Character.isDigit(c) || c == '-' && pos + 1 < text.length()
                        && Character.isDigit(text.charAt(pos + 1))) {
                    return number();
                }
                if (isNameStart(c)) {
                    return name();
                }
                throw new FilterSyntaxException(start + 1, "unexpected character '" + c + "'");
            }
        }
    }

    private Token operator() {
        int start = pos;
        String two = text.substring(pos, Math.min(pos + 2, text.length()));
        String op = switch (two) {
            case "!=", "<>", "<=", ">=" -> two;
            default -> String.valueOf(text.charAt(pos));
        };
        if (op.equals("!")) {
            throw new FilterSyntaxException(start + 1, "expected '!=' (a lone '!' is not an operator)");
        }
        pos += op.length();
        return new Token(Kind.OPERATOR, op, null, start + 1);
    }

    private Token number() {
        int start = pos;
        if (text.charAt(pos) == '-') {
            pos++;
        }
        digits();
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos++;
            if (pos >= text.length() || !Character.isDigit(text.charAt(pos))) {
                throw new FilterSyntaxException(pos + 1, "expected a digit after the decimal point");
            }
            digits();
        }
        if (pos < text.length() && isNamePart(text.charAt(pos))) {
            throw new FilterSyntaxException(pos + 1, "expected a space or an operator after the number "
                    + text.substring(start, pos));
        }
        String written = text.substring(start, pos);
        return new Token(Kind.NUMBER, written, new BigDecimal(written), start + 1);
    }

    private void digits() {
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
    }

    private Token name() {
        int start = pos;
        while (true) {
            while (pos < text.length() && isNamePart(text.charAt(pos))) {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '.') {
                pos++;
                if (pos >= text.length() || !isNameStart(text.charAt(pos))) {
                    throw new FilterSyntaxException(pos + 1, "expected a field name after '.'");
                }
                continue;
            }
            return new Token(Kind.NAME, text.substring(start, pos), null, start + 1);
        }
    }

    private Token string(char quote) {
        int start = pos;
        StringBuilder value = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote) {
                pos++;
                return new Token(Kind.STRING, value.toString(), null, start + 1);
            }
            if (c == '\\') {
                escape(value);
                continue;
            }
            value.append(c);
            pos++;
        }
        throw new FilterSyntaxException(text.length() + 1,
                "expected a closing " + quote + " for the string opened at column " + (start + 1));
    }

    private void escape(StringBuilder value) {
        if (pos + 1 >= text.length()) {
            throw new FilterSyntaxException(pos + 2, "expected a character after the backslash");
        }
        char e = text.charAt(pos + 1);
        switch (e) {
            case '\\', '"', '\'' -> value.append(e);
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case 'r' -> value.append('\r');
            case '%', '_' -> value.append('\\').append(e); // LIKE escapes, kept for the pattern
            default -> throw new FilterSyntaxException(pos + 1, "unknown escape '\\" + e
                    + "'; expected one of \\\\ \\\" \\' \\n \\t \\r \\% \\_");
        }
        pos += 2;
    }

    private static boolean isNameStart(char c) {
        return Character.isLetter(c) || c == '_';
    }

    private static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
