package io.crmsync.config.mapping;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.proto.transfer.v1.PreviewRecord;
import io.crmsync.proto.transfer.v1.PreviewRecordsRequest;
import io.crmsync.proto.transfer.v1.TransferServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Asks a transfer worker to run a point's first source records through its field rules without writing
 * anything. The worker loads the point from this service, so it previews what is stored, not a draft.
 */
@ApplicationScoped
public class PointPreview {

    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    @GrpcClient("transfer")
    TransferServiceGrpc.TransferServiceBlockingStub transfer;

    private final Duration deadline;

    PointPreview(@ConfigProperty(name = "crmsync.grpc.test-connection-deadline") Duration deadline) {
        this.deadline = deadline;
    }

    /** One previewed record: the source record as read, the target values by target field, known problems. */
    public record Previewed(JsonNode source, JsonNode target, List<String> problems) {
    }

    /** The answer of the preview endpoint. */
    public record Preview(List<Previewed> records) {
    }

    /** The first {@code limit} records (absent means {@value #DEFAULT_LIMIT}) of the point, mapped. */
    public Preview preview(UUID integrationId, UUID pointId, String limit) {
        PreviewRecordsRequest request = PreviewRecordsRequest.newBuilder().setIntegrationId(integrationId.toString())
                .setIntegrationPointId(pointId.toString()).setLimit(limit(limit)).build();
        try {
            List<PreviewRecord> records = transfer.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .previewRecords(request).getRecordsList();
            return new Preview(records.stream().map(PointPreview::toPreviewed).toList());
        } catch (StatusRuntimeException e) {
            throw failure(e);
        }
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below, like an out-of-range number
        }
        throw CrmsyncException.invalidField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
    }

    private static CrmsyncException failure(StatusRuntimeException e) {
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
            return new CrmsyncException(ErrorCode.UNAVAILABLE,
                    "no transfer worker answered, so the point could not be previewed; try again", null, e);
        }
        if (GrpcErrors.reasonOf(e).isEmpty()) {
            // A worker that sent no reason still decided: keep its code and words rather than a 500.
            String message = "transfer-worker: " + e.getStatus().getDescription();
            if (code == Status.Code.NOT_FOUND) {
                return new CrmsyncException(ErrorCode.notFound("transfer.not_found"), message, null, e);
            }
            if (code == Status.Code.FAILED_PRECONDITION) {
                return new CrmsyncException(ErrorCode.failedPrecondition("transfer.preview_refused"), message,
                        null, e);
            }
        }
        return GrpcErrors.fromCall("transfer-worker", e);
    }

    private static Previewed toPreviewed(PreviewRecord record) {
        return new Previewed(parse(record.getSourceJson()), parse(record.getTargetJson()), record.getProblemsList());
    }

    private static JsonNode parse(String json) {
        try {
            return json.isEmpty() ? JSON.createObjectNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new CrmsyncException(ErrorCode.INTERNAL, "transfer-worker sent a preview that is not JSON", null,
                    e);
        }
    }
}
