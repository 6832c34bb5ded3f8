-- Queues: the tasks of one connection in one direction. Tasks remember theirs; schedules remember their
-- integration's, for the runs they fire; a paused queue's tasks are not leased.
ALTER TABLE tasks ADD COLUMN connection_id text, ADD COLUMN direction text;
ALTER TABLE schedules ADD COLUMN connection_id text, ADD COLUMN point_directions text[];

CREATE TABLE queue_pauses (
    connection_id text        NOT NULL,
    direction     text        NOT NULL,
    paused_time   timestamptz NOT NULL,
    PRIMARY KEY (connection_id, direction)
);

CREATE INDEX tasks_queue_idx ON tasks (connection_id, direction) WHERE state IN ('PENDING', 'LEASED');
