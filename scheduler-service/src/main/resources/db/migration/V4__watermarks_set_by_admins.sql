-- An admin may set a watermark (e.g. back, to read again from an earlier time): no run set it then.
ALTER TABLE watermarks ALTER COLUMN run_id DROP NOT NULL;
