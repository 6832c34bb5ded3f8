package io.crmsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Compares the structure of two JSON documents: same keys at each level and same value kinds; values may differ.
 * A null in the recorded fixture accepts any kind (the real API fills those when the org has data); an array
 * element must match the shape of at least one recorded element.
 */
public final class JsonShape {
    private JsonShape() {
    }

    /** Differences between actual and the recorded fixture, ignoring the named keys (data fields differ by
     * object, and newer API versions add keys); empty when alike. */
    public static List<String> diff(JsonNode fixture, JsonNode actual, Set<String> ignored) {
        List<String> out = new ArrayList<>();
        diff("$", fixture, actual, ignored, out);
        return out;
    }

    private static void diff(String at, JsonNode want, JsonNode got, Set<String> extra, List<String> out) {
        if (want.isNull()) {
            return;
        }
        if (!kind(want).equals(kind(got))) {
            out.add(at + ": expected " + kind(want) + " but was " + kind(got));
            return;
        }
        if (want.isObject()) {
            Set<String> wantKeys = keys(want);
            Set<String> gotKeys = keys(got);
            for (String k : wantKeys) {
                if (extra.contains(k)) {
                    continue;
                }
                if (!gotKeys.contains(k)) {
                    out.add(at + ": missing key " + k);
                } else {
                    diff(at + "." + k, want.get(k), got.get(k), extra, out);
                }
            }
            for (String k : gotKeys) {
                if (!wantKeys.contains(k) && !extra.contains(k)) {
                    out.add(at + ": unexpected key " + k);
                }
            }
        } else if (want.isArray() && want.size() > 0) {
            for (int i = 0; i < got.size(); i++) {
                List<String> best = null;
                for (JsonNode candidate : want) {
                    List<String> d = new ArrayList<>();
                    diff(at + "[" + i + "]", candidate, got.get(i), extra, d);
                    if (best == null || d.size() < best.size()) {
                        best = d;
                    }
                }
                out.addAll(best);
            }
        }
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> keys = new TreeSet<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext();) {
            keys.add(it.next());
        }
        return keys;
    }

    private static String kind(JsonNode n) {
        return n.isNumber() ? "number" : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
