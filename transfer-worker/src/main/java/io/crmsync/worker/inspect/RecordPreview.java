package io.crmsync.worker.inspect;

import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.worker.remote.RemoteTaskDefinitions;
import io.crmsync.worker.transfer.PointPreviewer;
import io.crmsync.worker.transfer.TransferFailure;
import jakarta.inject.Singleton;

/**
 * Previews an integration point for an admin: loads its current definition like a task does and maps the first
 * records through its rules. A failure a run would record (bad configuration, unreachable endpoint) answers
 * FAILED_PRECONDITION with the run's admin-safe message and code.
 */
@Singleton
public class RecordPreview {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;

    private final RemoteTaskDefinitions definitions;
    private final PointPreviewer previewer;

    RecordPreview(RemoteTaskDefinitions definitions, PointPreviewer previewer) {
        this.definitions = definitions;
        this.previewer = previewer;
    }

    /** The first records; {@code limit} 0 means {@value #DEFAULT_LIMIT}. */
    public List<PointPreviewer.PreviewedRecord> preview(String integrationId, String pointId, int limit) {
        require("integration_id", integrationId);
        require("integration_point_id", pointId);
        if (limit < 0 || limit > MAX_LIMIT) {
            throw CrmsyncException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        try {
            return previewer.preview(definitions.loadCurrent(integrationId, pointId),
                    limit == 0 ? DEFAULT_LIMIT : limit);
        } catch (TransferFailure e) {
            throw new CrmsyncException(ErrorCode.failedPrecondition(e.code()), e.getMessage(), null, e);
        }
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CrmsyncException.invalidField(field, "is required");
        }
    }
}
