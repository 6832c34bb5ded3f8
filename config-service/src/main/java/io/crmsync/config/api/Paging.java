package io.crmsync.config.api;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.paging.PageRequest;

/**
 * Paging query parameters of the REST API ({@code pageToken}, {@code pageSize}). They arrive as text so a
 * malformed value is a 400 naming the parameter rather than JAX-RS' 404 for unconvertible parameters.
 */
public final class Paging {

    public static final int DEFAULT_SIZE = 50;
    public static final int MAX_SIZE = 500;

    private Paging() {
    }

    /** A page over this service's own tables. */
    public static PageRequest of(String pageToken, String pageSize) {
        int size = size(pageSize);
        try {
            return PageRequest.of(pageToken, size, DEFAULT_SIZE, MAX_SIZE);
        } catch (CrmsyncException e) {
            throw CrmsyncException.invalidField("pageToken", "is not a token this service issued");
        }
    }

    /** The requested page size, 0 meaning the default, for lists paged by another service. */
    public static int size(String pageSize) {
        if (pageSize == null || pageSize.isEmpty()) {
            return 0;
        }
        try {
            int size = Integer.parseInt(pageSize);
            if (size < 0) {
                throw CrmsyncException.invalidField("pageSize", "must not be negative");
            }
            return size;
        } catch (NumberFormatException e) {
            throw CrmsyncException.invalidField("pageSize", "must be a whole number");
        }
    }
}
