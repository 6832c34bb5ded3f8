package io.crmsync.config.integration.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How a notification reaches its recipient. */
public enum RecipientType {
    @JsonProperty("email")
    EMAIL,
    @JsonProperty("webhook")
    WEBHOOK;

    io.crmsync.proto.config.v1.NotificationType toProto() {
        return io.crmsync.proto.config.v1.NotificationType.valueOf("NOTIFICATION_TYPE_" + name());
    }
}
