package io.crmsync.config.filter;

/** A filter that does not parse: where (1-based column) and what was expected there. */
public class FilterSyntaxException extends RuntimeException {

    private final int column;

    FilterSyntaxException(int column, String expected) {
        super("at column " + column + ": " + expected);
        this.column = column;
    }

    public int column() {
        return column;
    }
}
