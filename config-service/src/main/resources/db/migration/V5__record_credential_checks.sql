-- The outcome of the last connection test with the stored credential: an endpoint whose test failed shows
-- status ERROR with the reason until the credential is replaced or a test passes.
ALTER TABLE endpoint_credentials
    ADD COLUMN check_error text,
    ADD COLUMN check_time  timestamptz;
