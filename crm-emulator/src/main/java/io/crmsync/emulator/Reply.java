package io.crmsync.emulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP answer: status, extra headers and a body that is serialized as JSON (null = no body). A
 * {@code byte[]} or {@link String} body is sent as is, with the content type given in the headers.
 */
public record Reply(int status, Map<String, String> headers, Object body) {

    public static Reply json(int status, Object body) {
        return new Reply(status, new LinkedHashMap<>(), body);
    }

    public static Reply ok(Object body) {
        return json(200, body);
    }

    public static Reply empty(int status) {
        return json(status, null);
    }

    /** This answer with one more header. */
    public Reply header(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new Reply(status, h, body);
    }
}
