package io.crmsync.exception.notify;

/** Short, single-line excerpts of foreign text (response bodies, peer errors) fit for a recorded reason. */
final class Excerpts {

    static final int MAX = 200;

    private Excerpts() {
    }

    static String shorten(String text) {
        String line = text.replaceAll("[\\p{Cntrl}]+", " ").strip();
        return line.length() <= MAX ? line : line.substring(0, MAX) + "…";
    }
}
