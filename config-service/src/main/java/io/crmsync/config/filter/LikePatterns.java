package io.crmsync.config.filter;

/** Reads LIKE patterns: {@code %} any run of characters, {@code _} one character, a backslash escapes one. */
final class LikePatterns {

    private LikePatterns() {
    }

    /**
     * Whether the pattern only anchors literal text: no wildcard ({@code 'abc'}), or {@code %} only at the start
     * and/or end ({@code 'abc%'}, {@code '%abc'}, {@code '%abc%'}). Such patterns map onto startswith, endswith,
     * contains or equality.
     */
    static boolean isAnchored(String pattern) {
        int start = pattern.startsWith("%") ? 1 : 0;
        int end = pattern.length();
        if (end > start && pattern.charAt(end - 1) == '%' && !escaped(pattern, end - 1)) {
            end--;
        }
        for (int i = start; i < end; i++) {
            char c = pattern.charAt(i);
            if (c == '\\') {
                i++; // the next character is literal
            } else if (c == '%' || c == '_') {
                return false;
            }
        }
        return true;
    }

    /** Whether the character at {@code index} follows an odd number of backslashes. */
    private static boolean escaped(String pattern, int index) {
        int backslashes = 0;
        for (int i = index - 1; i >= 0 && pattern.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }
}
