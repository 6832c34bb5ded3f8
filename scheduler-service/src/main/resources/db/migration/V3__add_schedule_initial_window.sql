-- Where incremental runs of points without a watermark start: the integration's start time, else its
-- activation time (no backfill).
ALTER TABLE schedules ADD COLUMN initial_window_start timestamptz;
