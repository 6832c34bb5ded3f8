package io.crmsync.config.run;

import jakarta.validation.constraints.Size;

/**
 * Body of POST /api/v1/integrations/{id}/runs, optional as a whole. mode defaults to incremental. With an
 * idempotencyKey the run counts as API-triggered and a repeated key returns the first run.
 */
public record RunRequest(SyncMode mode,
        @Size(max = 200, message = "must be at most {max} characters") String idempotencyKey) {
}
