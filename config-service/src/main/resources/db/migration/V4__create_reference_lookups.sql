-- Reference lookups: named tables translating source values to target values, loaded from CSV.
CREATE TABLE reference_lookups (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL UNIQUE,
    description text,
    entry_count int         NOT NULL DEFAULT 0,
    version     bigint      NOT NULL,
    create_time timestamptz NOT NULL,
    update_time timestamptz NOT NULL
);

CREATE TABLE reference_lookup_entries (
    lookup_id    uuid NOT NULL REFERENCES reference_lookups (id) ON DELETE CASCADE,
    seq          int  NOT NULL,
    source_value text NOT NULL,
    target_value text NOT NULL,
    PRIMARY KEY (lookup_id, source_value)
);
CREATE INDEX reference_lookup_entries_seq_idx ON reference_lookup_entries (lookup_id, seq);
