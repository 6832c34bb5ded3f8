-- A task may read one key range of its point (a large full sync split into tasks that workers take in
-- parallel): key_lower <= key_field < key_upper, bounds as text, a null bound unbounded. The task that was
-- split ends in state SPLIT.
ALTER TABLE tasks ADD COLUMN key_field text;
ALTER TABLE tasks ADD COLUMN key_lower text;
ALTER TABLE tasks ADD COLUMN key_upper text;
