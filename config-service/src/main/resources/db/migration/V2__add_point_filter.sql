-- The query object rule of a point, as the admin wrote it; NULL reads every record. Parsed and checked against
-- the source connector when saved, parsed again into a tree when served to workers.
ALTER TABLE integration_points ADD COLUMN filter text;
