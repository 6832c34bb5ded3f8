-- One execution of an integration. Counts are the sums of its tasks' counts, written when the run closes.
CREATE TABLE runs (
    id                  uuid PRIMARY KEY,
    integration_id      text        NOT NULL,
    integration_version bigint      NOT NULL,
    trigger             text        NOT NULL,
    mode                text        NOT NULL,
    state               text        NOT NULL,
    idempotency_key     text,
    window_end          timestamptz NOT NULL,
    task_count          int         NOT NULL,
    tasks_finished      int         NOT NULL DEFAULT 0,
    read_count          bigint      NOT NULL DEFAULT 0,
    created_count       bigint      NOT NULL DEFAULT 0,
    updated_count       bigint      NOT NULL DEFAULT 0,
    unchanged_count     bigint      NOT NULL DEFAULT 0,
    deleted_count       bigint      NOT NULL DEFAULT 0,
    rejected_count      bigint      NOT NULL DEFAULT 0,
    skipped_count       bigint      NOT NULL DEFAULT 0,
    error_message       text,
    create_time         timestamptz NOT NULL,
    start_time          timestamptz,
    end_time            timestamptz
);

-- A second trigger with the same key finds the first run instead of creating another.
CREATE UNIQUE INDEX runs_idempotency_uq ON runs (integration_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
-- Backstop of the per-integration advisory lock: never two unfinished runs of one integration.
CREATE UNIQUE INDEX runs_one_unfinished_uq ON runs (integration_id)
    WHERE state IN ('PENDING', 'RUNNING');
CREATE INDEX runs_integration_idx ON runs (integration_id, create_time DESC, id DESC);
CREATE INDEX runs_create_time_idx ON runs (create_time DESC, id DESC);

-- A leasable slice of a run. seq orders tasks globally, so "oldest runnable" is well defined.
CREATE TABLE tasks (
    id                   uuid PRIMARY KEY,
    seq                  bigserial   NOT NULL,
    run_id               uuid        NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    integration_point_id text        NOT NULL,
    window_start         timestamptz,
    state                text        NOT NULL,
    epoch                bigint      NOT NULL DEFAULT 0,
    worker_id            text,
    lease_expire_time    timestamptz,
    cursor_modified_time timestamptz,
    cursor_key           text[],
    read_count           bigint      NOT NULL DEFAULT 0,
    created_count        bigint      NOT NULL DEFAULT 0,
    updated_count        bigint      NOT NULL DEFAULT 0,
    unchanged_count      bigint      NOT NULL DEFAULT 0,
    deleted_count        bigint      NOT NULL DEFAULT 0,
    rejected_count       bigint      NOT NULL DEFAULT 0,
    skipped_count        bigint      NOT NULL DEFAULT 0,
    error_message        text,
    create_time          timestamptz NOT NULL,
    end_time             timestamptz
);
CREATE INDEX tasks_run_idx ON tasks (run_id, seq);
-- Only unfinished tasks are ever scanned for leasing; the index stays small.
CREATE INDEX tasks_runnable_idx ON tasks (seq) WHERE state IN ('PENDING', 'LEASED');

-- Where each integration point's last successful run ended: the next incremental run starts there.
CREATE TABLE watermarks (
    id                       uuid PRIMARY KEY,
    integration_id           text        NOT NULL,
    integration_point_id     text        NOT NULL,
    last_successful_run_time timestamptz NOT NULL,
    cursor_modified_time     timestamptz,
    cursor_key               text[],
    run_id                   uuid        NOT NULL,
    update_time              timestamptz NOT NULL,
    CONSTRAINT watermarks_point_uq UNIQUE (integration_id, integration_point_id)
);
