-- External systems crmsync reaches. Settings are non-secret and free-form per type (jsonb object of strings).
CREATE TABLE endpoints (
    id          uuid PRIMARY KEY,
    name        text        NOT NULL,
    type        text        NOT NULL,
    settings    jsonb       NOT NULL DEFAULT '{}'::jsonb,
    version     bigint      NOT NULL,
    create_time timestamptz NOT NULL,
    update_time timestamptz NOT NULL,
    CONSTRAINT endpoints_name_uq UNIQUE (name)
);

-- An endpoint's secrets: the JSON object of secret values, sealed with AES-256-GCM, the endpoint id as
-- associated data. key_id names the key that sealed it, so keys can rotate; ciphertext ends with the GCM tag.
CREATE TABLE endpoint_credentials (
    endpoint_id uuid PRIMARY KEY REFERENCES endpoints (id) ON DELETE CASCADE,
    key_id      text        NOT NULL,
    nonce       bytea       NOT NULL,
    ciphertext  bytea       NOT NULL,
    update_time timestamptz NOT NULL
);

-- A named pair of endpoints grouping integrations.
CREATE TABLE connections (
    id                 uuid PRIMARY KEY,
    name               text        NOT NULL,
    home_endpoint_id   uuid        NOT NULL REFERENCES endpoints (id),
    remote_endpoint_id uuid        NOT NULL REFERENCES endpoints (id),
    version            bigint      NOT NULL,
    create_time        timestamptz NOT NULL,
    update_time        timestamptz NOT NULL,
    CONSTRAINT connections_name_uq UNIQUE (name),
    CONSTRAINT connections_distinct_ends_ck CHECK (home_endpoint_id <> remote_endpoint_id)
);
CREATE INDEX connections_home_idx ON connections (home_endpoint_id);
CREATE INDEX connections_remote_idx ON connections (remote_endpoint_id);

-- The unit that is scheduled and activated. version grows with every change of it or its points.
CREATE TABLE integrations (
    id                uuid PRIMARY KEY,
    name              text        NOT NULL,
    description       text        NOT NULL DEFAULT '',
    connection_id     uuid        NOT NULL REFERENCES connections (id),
    active            boolean     NOT NULL,
    allow_new_records boolean     NOT NULL,
    update_existing   boolean     NOT NULL,
    failure_threshold int         NOT NULL CHECK (failure_threshold BETWEEN 1 AND 1000),
    version           bigint      NOT NULL,
    create_time       timestamptz NOT NULL,
    update_time       timestamptz NOT NULL,
    CONSTRAINT integrations_name_uq UNIQUE (name)
);
CREATE INDEX integrations_connection_idx ON integrations (connection_id);

-- One object flow of an integration, executed in ordinal order. Source and target endpoints are not stored:
-- they follow from the connection and the direction. match_key is a jsonb array of target fields;
-- field_rules a jsonb array of {targetField, sourceField | constant, note}, read and written whole.
CREATE TABLE integration_points (
    id             uuid PRIMARY KEY,
    integration_id uuid        NOT NULL REFERENCES integrations (id) ON DELETE CASCADE,
    ordinal        int         NOT NULL,
    name           text        NOT NULL,
    direction      text        NOT NULL,
    source_object  text        NOT NULL,
    target_object  text        NOT NULL,
    operation      text        NOT NULL,
    match_key      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    cursor_field   text,
    field_rules    jsonb       NOT NULL DEFAULT '[]'::jsonb,
    create_time    timestamptz NOT NULL,
    update_time    timestamptz NOT NULL,
    CONSTRAINT integration_points_name_uq UNIQUE (integration_id, name),
    CONSTRAINT integration_points_ordinal_uq UNIQUE (integration_id, ordinal)
);
