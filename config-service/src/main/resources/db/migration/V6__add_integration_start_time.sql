-- Where an integration's first incremental runs start reading: the admin's start time (a backfill from that
-- moment), else the time it was last activated (no backfill: only changes from then on).
ALTER TABLE integrations
    ADD COLUMN start_time    timestamptz,
    ADD COLUMN activate_time timestamptz;
