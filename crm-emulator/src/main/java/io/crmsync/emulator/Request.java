package io.crmsync.emulator;

import com.sun.net.httpserver.Headers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP request as an emulated API sees it: the body is read up front so handlers stay simple. */
public record Request(String method, String path, String rawQuery, Headers headers, byte[] body) {

    /** A request header's first value, or null. */
    public String header(String name) {
        return headers.getFirst(name);
    }

    /** The decoded query parameters (last value wins). */
    public Map<String, String> params() {
        return form(rawQuery);
    }

    /** The body as UTF-8 text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Decodes {@code application/x-www-form-urlencoded} text (a query string or a form body). */
    public static Map<String, String> form(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }
}
