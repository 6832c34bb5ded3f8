-- Source fields whose values never leave the worker in record snapshots (exception items).
ALTER TABLE integration_points ADD COLUMN sensitive_fields jsonb NOT NULL DEFAULT '[]'::jsonb;
