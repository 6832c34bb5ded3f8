-- Lifecycle and dedup of exception messages and items (issue 7): a message or item is OPEN, RETRYING, RESOLVED or
-- IGNORED; the same problem or record seen again counts on the unresolved one instead of adding rows.

ALTER TABLE exception_messages
    ADD COLUMN side             text,
    ADD COLUMN state            text,
    ADD COLUMN state_time       timestamptz,
    ADD COLUMN last_seen_time   timestamptz,
    ADD COLUMN occurrence_count bigint NOT NULL DEFAULT 1,
    ADD COLUMN open_item_count  bigint NOT NULL DEFAULT 0,
    ADD COLUMN retry_run_id     text,
    ADD COLUMN retry_count      int    NOT NULL DEFAULT 0;

UPDATE exception_messages
SET side           = CASE kind WHEN 'RECORD_REJECTS' THEN 'TARGET' ELSE 'PLATFORM' END,
    state          = 'OPEN',
    state_time     = create_time,
    last_seen_time = create_time;

ALTER TABLE exception_messages
    ALTER COLUMN side SET NOT NULL,
    ALTER COLUMN state SET NOT NULL,
    ALTER COLUMN state_time SET NOT NULL,
    ALTER COLUMN last_seen_time SET NOT NULL;

ALTER TABLE exception_items
    ADD COLUMN integration_id       text,
    ADD COLUMN integration_point_id text,
    ADD COLUMN operation            text   NOT NULL DEFAULT 'UNSPECIFIED',
    ADD COLUMN key_values           text[] NOT NULL DEFAULT '{}',
    ADD COLUMN side                 text   NOT NULL DEFAULT 'TARGET',
    ADD COLUMN state                text   NOT NULL DEFAULT 'OPEN',
    ADD COLUMN attempt_count        int    NOT NULL DEFAULT 1,
    ADD COLUMN last_seen_time       timestamptz,
    ADD COLUMN last_run_id          text,
    ADD COLUMN resolve_time         timestamptz,
    ADD COLUMN resolve_run_id       text,
    ADD COLUMN payload_expire_time  timestamptz;

UPDATE exception_items i
SET integration_id       = m.integration_id,
    integration_point_id = m.integration_point_id,
    last_seen_time       = i.create_time,
    last_run_id          = m.run_id,
    payload_expire_time  = i.create_time + interval '30 days'
FROM exception_messages m
WHERE m.id = i.message_id;

-- Payload snapshots are now sealed with AES-256-GCM by the service (the item id as associated data), which SQL
-- cannot do: the plaintext jsonb snapshots of V1 (development data) are dropped rather than kept in clear.
ALTER TABLE exception_items DROP COLUMN payload;
ALTER TABLE exception_items
    ADD COLUMN payload        bytea,
    ADD COLUMN payload_nonce  bytea,
    ADD COLUMN payload_key_id text;

ALTER TABLE exception_items
    ALTER COLUMN integration_id SET NOT NULL,
    ALTER COLUMN integration_point_id SET NOT NULL,
    ALTER COLUMN last_seen_time SET NOT NULL,
    ALTER COLUMN payload_expire_time SET NOT NULL;

-- Every run that rejected an item: attempts count once per run, and "items rejected by run X" reads here.
CREATE TABLE exception_item_runs (
    item_id    uuid        NOT NULL REFERENCES exception_items (id) ON DELETE CASCADE,
    run_id     text        NOT NULL,
    seen_time  timestamptz NOT NULL,
    code       text        NOT NULL,
    message    text        NOT NULL,
    PRIMARY KEY (item_id, run_id)
);
INSERT INTO exception_item_runs (item_id, run_id, seen_time, code, message)
SELECT i.id, i.last_run_id, i.create_time, i.code, i.message
FROM exception_items i
WHERE i.last_run_id IS NOT NULL
ON CONFLICT DO NOTHING;
CREATE INDEX exception_item_runs_run_idx ON exception_item_runs (run_id);
-- The purge drops item runs older than the resolved retention.
CREATE INDEX exception_item_runs_seen_idx ON exception_item_runs (seen_time);

-- V1 kept one reject message per run and point; now a point has one active one. Per point and record key the
-- newest V1 item stays unresolved, older copies are resolved as superseded; the unresolved items move under the
-- newest reject message of their point and the older reject messages are resolved.
WITH ranked AS (
    SELECT id, row_number() OVER (PARTITION BY integration_point_id, record_key ORDER BY seq DESC) AS n
    FROM exception_items WHERE record_key <> ''
)
UPDATE exception_items i SET state = 'RESOLVED', resolve_time = i.create_time
FROM ranked r WHERE r.id = i.id AND r.n > 1;

WITH newest AS (
    SELECT DISTINCT ON (integration_point_id) id, integration_point_id
    FROM exception_messages WHERE kind = 'RECORD_REJECTS'
    ORDER BY integration_point_id, create_time DESC, id
)
UPDATE exception_items i SET message_id = n.id
FROM exception_messages m, newest n
WHERE m.id = i.message_id AND m.kind = 'RECORD_REJECTS' AND n.integration_point_id = m.integration_point_id
  AND i.state <> 'RESOLVED' AND i.message_id <> n.id;

UPDATE exception_messages m
SET item_count      = (SELECT count(*) FROM exception_items i WHERE i.message_id = m.id),
    open_item_count = (SELECT count(*) FROM exception_items i WHERE i.message_id = m.id AND i.state = 'OPEN'),
    occurrence_count = GREATEST(1, (SELECT count(DISTINCT r.run_id) FROM exception_item_runs r
                                    JOIN exception_items i ON i.id = r.item_id WHERE i.message_id = m.id))
WHERE kind = 'RECORD_REJECTS';
UPDATE exception_messages SET state = 'RESOLVED'
WHERE kind = 'RECORD_REJECTS' AND open_item_count = 0;

-- Of V1's failure messages, the newest per problem stays OPEN; older duplicates are resolved.
WITH ranked AS (
    SELECT id, row_number() OVER (PARTITION BY integration_id, coalesce(integration_point_id, ''), kind, code
                                  ORDER BY create_time DESC, id) AS n
    FROM exception_messages WHERE kind IN ('RUN_FAILURE', 'CONFIGURATION')
)
UPDATE exception_messages m SET state = 'RESOLVED' FROM ranked r WHERE r.id = m.id AND r.n > 1;

DROP INDEX exception_messages_rejects_uq;
-- The point's one active reject message per side (a target refusal never lands under a source message):
-- concurrent workers add to the same one.
CREATE UNIQUE INDEX exception_messages_active_rejects_uq
    ON exception_messages (integration_point_id, side)
    WHERE kind = 'RECORD_REJECTS' AND state IN ('OPEN', 'RETRYING');
-- One unresolved message per failure problem: reports count on it (INSERT .. ON CONFLICT).
CREATE UNIQUE INDEX exception_messages_failure_uq
    ON exception_messages (integration_id, (coalesce(integration_point_id, '')), kind, code)
    WHERE kind IN ('RUN_FAILURE', 'CONFIGURATION') AND state <> 'RESOLVED';
-- One message per disabling (the run that reached the threshold).
CREATE UNIQUE INDEX exception_messages_disabled_uq
    ON exception_messages (integration_id, run_id) WHERE kind = 'INTEGRATION_DISABLED';
DROP INDEX exception_messages_integration_idx;
CREATE INDEX exception_messages_integration_idx ON exception_messages (integration_id, last_seen_time DESC, id);
CREATE INDEX exception_messages_seen_idx ON exception_messages (last_seen_time DESC, id);
CREATE INDEX exception_messages_retry_run_idx ON exception_messages (retry_run_id) WHERE retry_run_id IS NOT NULL;
CREATE INDEX exception_messages_resolved_idx ON exception_messages (state_time) WHERE state = 'RESOLVED';

-- The same record of a point is one unresolved item; this also pages a point's open keys.
CREATE UNIQUE INDEX exception_items_open_key_uq
    ON exception_items (integration_point_id, record_key)
    WHERE state <> 'RESOLVED' AND record_key <> '';
CREATE INDEX exception_items_message_state_idx ON exception_items (message_id, state);
CREATE INDEX exception_items_integration_idx ON exception_items (integration_id, seq);
CREATE INDEX exception_items_resolved_idx ON exception_items (resolve_time) WHERE state = 'RESOLVED';
CREATE INDEX exception_items_payload_expiry_idx ON exception_items (payload_expire_time) WHERE payload IS NOT NULL;

CREATE INDEX recorded_reject_batches_time_idx ON recorded_reject_batches (create_time);

-- Runs whose RunFinished was applied: a repeated report changes nothing, and a late MarkRetrying under a finished
-- run does not leave its message RETRYING.
CREATE TABLE finished_runs (
    run_id      text PRIMARY KEY,
    state       text        NOT NULL,
    finish_time timestamptz NOT NULL
);
CREATE INDEX finished_runs_time_idx ON finished_runs (finish_time);
