-- A task of a retry run re-reads exactly these source records by match key instead of its window: a JSON array
-- of keys, each an array of the match-key values as text. Null on tasks that read their point's window.
ALTER TABLE tasks ADD COLUMN record_keys jsonb;

-- What exception-service must be told, stored in the transaction of the change that caused it (an outbox) and
-- sent until it acknowledges: a system disable (INTEGRATION_DISABLED) or a run that reached a final state
-- (RUN_FINISHED). A kind's columns describe the report; the others stay null.
CREATE TABLE exception_reports (
    id                  uuid PRIMARY KEY,
    seq                 bigserial   NOT NULL,
    kind                text        NOT NULL,
    integration_id      text        NOT NULL,
    run_id              uuid        NOT NULL,
    -- INTEGRATION_DISABLED: why the system disabled the integration.
    reason              text,
    -- RUN_FINISHED: the run's final state and trigger (enum names without prefix), the points every task of
    -- which succeeded, and whether every task did.
    run_state           text,
    run_trigger         text,
    succeeded_point_ids text[],
    all_tasks_succeeded boolean,
    create_time         timestamptz NOT NULL,
    -- Failed sends so far, and the last failure, for operators.
    attempts            int         NOT NULL DEFAULT 0,
    last_error          text
);
-- One report of each kind per run: a run closes once and disables at most once.
CREATE UNIQUE INDEX exception_reports_run_uq ON exception_reports (kind, run_id);
CREATE INDEX exception_reports_seq_idx ON exception_reports (seq);

-- Disables still waiting for exception-service move into the outbox; the schedules no longer hold them.
INSERT INTO exception_reports (id, kind, integration_id, run_id, reason, create_time)
SELECT gen_random_uuid(), 'INTEGRATION_DISABLED', integration_id, disable_report_run_id,
       coalesce(disabled_reason, 'failure threshold reached'), coalesce(disabled_time, update_time)
FROM schedules WHERE disable_report_run_id IS NOT NULL;
DROP INDEX schedules_disable_report_idx;
ALTER TABLE schedules DROP COLUMN disable_report_run_id;
