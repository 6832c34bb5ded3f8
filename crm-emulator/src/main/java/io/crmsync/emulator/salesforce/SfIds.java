package io.crmsync.emulator.salesforce;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Salesforce-style record ids: 3-char key prefix, a pod part, a base-62 counter (15 chars, case-sensitive), and
 * the 3-char case-folding checksum that makes the 18-char form connectors store. Connectors must not assume ids
 * are numeric or sortable by creation, so the emulator hands out the real format.
 */
final class SfIds {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
    private static final AtomicLong COUNTER = new AtomicLong(1_000_000);

    private SfIds() {
    }

    /** A new 18-char id with the given 3-char key prefix. */
    static String next(String keyPrefix) {
        long n = COUNTER.incrementAndGet();
        char[] body = new char[10];
        for (int i = body.length - 1; i >= 0; i--) {
            body[i] = BASE62.charAt((int) (n % 62));
            n /= 62;
        }
        return to18(keyPrefix + "5g" + new String(body));
    }

    /** Appends the checksum that records which of the 15 characters are upper case. */
    static String to18(String id15) {
        StringBuilder sb = new StringBuilder(id15);
        for (int chunk = 0; chunk < 3; chunk++) {
            int bits = 0;
            for (int i = 0; i < 5; i++) {
                char c = id15.charAt(chunk * 5 + i);
                if (c >= 'A' && c <= 'Z') {
                    bits |= 1 << i;
                }
            }
            sb.append(SUFFIX.charAt(bits));
        }
        return sb.toString();
    }
}
