package io.crmsync.config.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.grpc.Status;

/**
 * Optimistic concurrency: the {@code If-Match} header carries the version a client last read (the ETag
 * {@code "<version>"}). It is optional; when sent, a change is refused with 412 unless the resource is still at
 * that version, checked under the resource's lock so a refused request changes nothing.
 */
public final class IfMatch {

    public static final String HEADER = "If-Match";
    public static final ErrorCode VERSION_MISMATCH = new ErrorCode("config.version_mismatch", Status.Code.ABORTED,
            412);

    private static final Pattern TAG = Pattern.compile("\\s*\"(\\d{1,18})\"\\s*");

    private IfMatch() {
    }

    public static String tagOf(long version) {
        return "\"" + version + "\"";
    }

    /** The version the header asks for; null when absent or {@code *} (any version). */
    public static Long parse(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        Matcher tag = TAG.matcher(header);
        if (!tag.matches()) {
            throw CrmsyncException.invalidField(HEADER,
                    "must be one entity tag as sent in ETag, e.g. \"3\" (with the quotes), or *");
        }
        return Long.parseLong(tag.group(1));
    }

    /** Throws 412 config.version_mismatch naming the current version when {@code expected} is set and differs. */
    public static void require(Long expected, long current, String what) {
        if (expected != null && expected != current) {
            throw new CrmsyncException(VERSION_MISMATCH, what + " is at version " + current + ", not " + expected
                    + "; read it again and reapply your change", HEADER, null);
        }
    }
}
