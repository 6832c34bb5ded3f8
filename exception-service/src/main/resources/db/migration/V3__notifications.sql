-- Notification outbox: one event per created exception message, then one delivery per recipient.
CREATE TABLE notification_events (
    id                   uuid PRIMARY KEY,
    -- message id + event type: the same message never yields a second event, however often it is reported.
    event_key            text        NOT NULL UNIQUE,
    event_type           text        NOT NULL,
    message_id           uuid        NOT NULL,
    integration_id       text        NOT NULL,
    integration_point_id text,
    run_id               text,
    kind                 text        NOT NULL,
    side                 text        NOT NULL,
    code                 text        NOT NULL,
    message              text        NOT NULL,
    message_create_time  timestamptz NOT NULL,
    -- PENDING (recipients not read yet), EXPANDED (deliveries created), NO_RECIPIENTS, SUPPRESSED (storm guard)
    state                text        NOT NULL,
    integration_name     text,
    attempts             int         NOT NULL DEFAULT 0,
    next_attempt_time    timestamptz NOT NULL,
    last_error           text,
    expanded_time        timestamptz,
    create_time          timestamptz NOT NULL
);
CREATE INDEX notification_events_due_idx ON notification_events (next_attempt_time) WHERE state = 'PENDING';
-- The storm guard counts an integration's notified events of the last hour.
CREATE INDEX notification_events_expanded_idx ON notification_events (integration_id, expanded_time)
    WHERE state = 'EXPANDED';
-- The purge drops events in a final state after a week.
CREATE INDEX notification_events_time_idx ON notification_events (create_time);

CREATE TABLE notification_deliveries (
    id                uuid PRIMARY KEY,
    event_id          uuid        NOT NULL REFERENCES notification_events (id) ON DELETE CASCADE,
    channel           text        NOT NULL,
    address           text        NOT NULL,
    -- PENDING, DELIVERED, FAILED
    state             text        NOT NULL,
    attempts          int         NOT NULL DEFAULT 0,
    next_attempt_time timestamptz NOT NULL,
    last_attempt_time timestamptz,
    last_error        text,
    delivered_time    timestamptz,
    create_time       timestamptz NOT NULL,
    UNIQUE (event_id, channel, address)
);
CREATE INDEX notification_deliveries_due_idx ON notification_deliveries (next_attempt_time) WHERE state = 'PENDING';
