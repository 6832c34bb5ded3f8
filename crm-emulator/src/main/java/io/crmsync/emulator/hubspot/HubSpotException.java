package io.crmsync.emulator.hubspot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** A failure answered in HubSpot's error envelope {@code {status:"error", message, correlationId, category, …}}. */
final class HubSpotException extends RuntimeException {
    final int status;
    final String category;
    final Map<String, Object> extra = new LinkedHashMap<>();

    HubSpotException(int status, String category, String message) {
        super(message);
        this.status = status;
        this.category = category;
    }

    HubSpotException with(String key, Object value) {
        extra.put(key, value);
        return this;
    }

    static HubSpotException validation(String message) {
        return new HubSpotException(400, "VALIDATION_ERROR", message);
    }

    Map<String, Object> body() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", "error");
        m.put("message", getMessage());
        m.put("correlationId", UUID.randomUUID().toString());
        if (category != null) {
            m.put("category", category);
        }
        m.putAll(extra);
        return m;
    }
}
