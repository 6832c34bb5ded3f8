-- The scheduler's runtime view of each integration: its cadences as config-service last described them (the
-- Cadence protos, serialized), when they fire next, and its health (consecutive failed runs, system disable).
CREATE TABLE schedules (
    integration_id          text PRIMARY KEY,
    integration_version     bigint      NOT NULL,
    active                  boolean     NOT NULL,
    point_ids               text[]      NOT NULL,
    schedule                bytea,
    full_sync_schedule      bytea,
    failure_threshold       int         NOT NULL,
    next_run_time           timestamptz,
    next_full_sync_time     timestamptz,
    consecutive_failures    int         NOT NULL DEFAULT 0,
    disabled_time           timestamptz,
    disabled_reason         text,
    -- The run that reached the threshold, until exception-service has recorded the disabling (then null).
    disable_report_run_id   uuid,
    update_time             timestamptz NOT NULL
);

-- The firing loop scans only schedules that can fire.
CREATE INDEX schedules_due_idx ON schedules (LEAST(next_run_time, next_full_sync_time))
    WHERE active AND disabled_time IS NULL;
CREATE INDEX schedules_disable_report_idx ON schedules (integration_id) WHERE disable_report_run_id IS NOT NULL;
