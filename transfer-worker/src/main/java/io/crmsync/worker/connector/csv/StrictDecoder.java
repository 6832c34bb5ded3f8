package io.crmsync.worker.connector.csv;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes a byte stream one character at a time and reports bytes that are not valid in the encoding instead of
 * replacing them or failing: {@link java.io.InputStreamReader} either substitutes U+FFFD silently or throws and
 * loses its place, while a CSV reader must reject the one record holding the bad bytes and read on.
 */
final class StrictDecoder {

    static final int EOF = -1;
    /** Returned in place of a byte sequence that is not valid in the encoding. */
    static final int INVALID = -2;

    private static final int BUFFER = 8192;

    private final InputStream in;
    private final CharsetDecoder decoder;
    private final ByteBuffer bytes = ByteBuffer.allocate(BUFFER).flip();
    private final CharBuffer chars = CharBuffer.allocate(BUFFER).flip();
    private boolean endOfInput;
    private boolean done;
    private boolean invalidPending;

    StrictDecoder(InputStream in, Charset charset) {
        this.in = in;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    /** The next character, {@link #INVALID} for each invalid byte sequence, or {@link #EOF}. */
    int read() throws IOException {
        while (true) {
            if (chars.hasRemaining()) {
                return chars.get();
            }
            if (invalidPending) {
                invalidPending = false;
                return INVALID;
            }
            if (done) {
                return EOF;
            }
            decodeMore();
        }
    }

    private void decodeMore() throws IOException {
        if (!endOfInput) {
            bytes.compact();
            int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
            if (n < 0) {
                endOfInput = true;
            } else {
                bytes.position(bytes.position() + n);
            }
            bytes.flip();
        }
        chars.clear();
        CoderResult result = decoder.decode(bytes, chars, endOfInput);
        if (result.isError()) {
            bytes.position(bytes.position() + result.length());
            invalidPending = true;
        } else if (endOfInput && result.isUnderflow()) {
            decoder.flush(chars);
            done = true;
        }
        chars.flip();
    }
}
