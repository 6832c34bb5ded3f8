-- User exception messages (run/configuration level) and their items (per rejected record).
CREATE TABLE exception_messages (
    id                   uuid PRIMARY KEY,
    integration_id       text        NOT NULL,
    run_id               text,
    integration_point_id text,
    kind                 text        NOT NULL,
    code                 text        NOT NULL,
    message              text        NOT NULL,
    item_count           bigint      NOT NULL DEFAULT 0,
    create_time          timestamptz NOT NULL
);

-- One reject message per run and point, so concurrent workers append to the same one.
CREATE UNIQUE INDEX exception_messages_rejects_uq
    ON exception_messages (run_id, integration_point_id) WHERE kind = 'RECORD_REJECTS';
CREATE INDEX exception_messages_integration_idx ON exception_messages (integration_id, create_time DESC);
CREATE INDEX exception_messages_run_idx ON exception_messages (run_id);

CREATE TABLE exception_items (
    id          uuid PRIMARY KEY,
    message_id  uuid        NOT NULL REFERENCES exception_messages (id) ON DELETE CASCADE,
    seq         bigserial   NOT NULL,
    record_key  text        NOT NULL,
    code        text        NOT NULL,
    message     text        NOT NULL,
    payload     jsonb,
    create_time timestamptz NOT NULL
);
CREATE INDEX exception_items_message_idx ON exception_items (message_id, seq);

-- Batches already recorded: a worker resending a batch after a lost reply adds nothing.
CREATE TABLE recorded_reject_batches (
    batch_id    text PRIMARY KEY,
    message_id  uuid        NOT NULL REFERENCES exception_messages (id) ON DELETE CASCADE,
    recorded    int         NOT NULL,
    create_time timestamptz NOT NULL
);
