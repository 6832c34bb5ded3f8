-- Integration settings beyond the first issue. Numbered V3 so that a parallel V2 (point filters) merges cleanly.
-- Lists and cadences are jsonb, read and written whole: account lists are arrays of ids, notification_recipients
-- an array of {type, address}, schedule and full_sync_schedule a cadence object {type, ...} or NULL (no schedule).
ALTER TABLE integrations
    ADD COLUMN conflict_policy         text    NOT NULL DEFAULT 'SOURCE_WINS',
    ADD COLUMN account_allow_list      jsonb   NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN account_deny_list       jsonb   NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN notification_recipients jsonb   NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN schedule                jsonb,
    ADD COLUMN full_sync_schedule      jsonb,
    ADD COLUMN sync_immediately        boolean NOT NULL DEFAULT false;

-- Point settings: explicit source fields (empty = those the field rules read), extract order as an array of
-- {field, direction}, record_ids (NULL = no id list; read by a filter instead), and the source field the
-- integration's account lists apply to.
ALTER TABLE integration_points
    ADD COLUMN source_fields jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN order_by      jsonb NOT NULL DEFAULT '[]'::jsonb,
    ADD COLUMN record_ids    jsonb,
    ADD COLUMN account_field text;
