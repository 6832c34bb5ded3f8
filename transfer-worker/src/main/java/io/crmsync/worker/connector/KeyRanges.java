package io.crmsync.worker.connector;

import java.util.ArrayList;
import java.util.List;

/** Turns a sample of key values into contiguous key ranges; shared by connectors that plan ranges. */
public final class KeyRanges {

    private KeyRanges() {
    }

    /**
     * About {@code ranges} ranges whose bounds are quantiles of {@code sortedSample} (key values as text, in the
     * source's order): the first unbounded below, the last unbounded above, each upper bound the next lower bound.
     * Equal quantiles collapse, so a skewed key yields fewer ranges; fewer than two: empty (nothing to split).
     */
    public static List<KeyRange> fromSortedSample(String field, List<String> sortedSample, int ranges) {
        List<String> bounds = new ArrayList<>();
        int size = sortedSample.size();
        for (int i = 1; i < ranges && size > 0; i++) {
            String bound = sortedSample.get((int) ((long) i * size / ranges));
            if (bounds.isEmpty() || !bounds.get(bounds.size() - 1).equals(bound)) {
                bounds.add(bound);
            }
        }
        if (bounds.isEmpty()) {
            return List.of();
        }
        List<KeyRange> result = new ArrayList<>(bounds.size() + 1);
        String lower = null;
        for (String upper : bounds) {
            result.add(new KeyRange(field, lower, upper));
            lower = upper;
        }
        result.add(new KeyRange(field, lower, null));
        return result;
    }
}
