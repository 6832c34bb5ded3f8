package io.crmsync.config.exception;

import java.util.List;

/**
 * The optional body of ignore, reopen and retry: {@code itemIds} picks items of the message; absent or empty,
 * the action applies to the whole message.
 */
public record ItemSelection(List<String> itemIds) {

    static final int MAX_ITEMS = 10_000;

    List<String> ids() {
        return itemIds == null ? List.of() : itemIds;
    }
}
