package io.crmsync.config.api;

import java.util.List;

/** One page of a list; {@code nextPageToken} is null on the last page. */
public record Page<T>(List<T> items, String nextPageToken) {

    public static <T> Page<T> of(List<T> items, String nextPageToken) {
        return new Page<>(items, nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken);
    }
}
