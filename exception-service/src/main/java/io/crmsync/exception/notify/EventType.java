package io.crmsync.exception.notify;

/** What a notification tells: a new exception message, or the system disabling an integration. */
enum EventType {
    MESSAGE_CREATED("exception.message_created"),
    INTEGRATION_DISABLED("integration.disabled");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    /** The name in the webhook's {@code event} field and in the event key. */
    String wireName() {
        return wireName;
    }

    static EventType of(String messageKind) {
        return "INTEGRATION_DISABLED".equals(messageKind) ? INTEGRATION_DISABLED : MESSAGE_CREATED;
    }

    static EventType fromWireName(String name) {
        for (EventType type : values()) {
            if (type.wireName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown notification event " + name);
    }
}
