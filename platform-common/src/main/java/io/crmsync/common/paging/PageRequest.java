package io.crmsync.common.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.crmsync.common.error.CrmsyncException;

/**
 * A validated page request. Tokens are opaque to clients (base64 of an offset), so the paging
 * scheme can move to keysets without changing any contract.
 */
public record PageRequest(int offset, int size) {

    public static PageRequest of(String pageToken, int pageSize, int defaultSize, int maxSize) {
        if (pageSize < 0) {
            throw CrmsyncException.invalidField("page_size", "must not be negative");
        }
        int size = pageSize == 0 ? defaultSize : Math.min(pageSize, maxSize);
        return new PageRequest(decode(pageToken), size);
    }

    /** The token of the next page, or "" when {@code returned} shows this was the last one. */
    public String nextToken(int returned) {
        if (returned < size) {
            return "";
        }
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(Integer.toString(offset + returned).getBytes(StandardCharsets.UTF_8));
    }

    private static int decode(String token) {
        if (token == null || token.isEmpty()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
            if (offset < 0) {
                throw new NumberFormatException();
            }
            return offset;
        } catch (IllegalArgumentException e) {
            throw CrmsyncException.invalidField("page_token", "is not a token this service issued");
        }
    }
}
