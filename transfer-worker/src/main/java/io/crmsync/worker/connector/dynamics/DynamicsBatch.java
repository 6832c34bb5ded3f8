package io.crmsync.worker.connector.dynamics;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.dynamics.DynamicsJson.BatchPart;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvColumn;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvTable;

/**
 * Builds one {@code $batch} of single-row requests (no change set, so one bad row never rolls back the others) and
 * reads its answer back into write results.
 * <p>
 * Created versus updated: a PATCH upsert answers 204 either way, so each request asks {@code Prefer:
 * return=representation} with {@code $select=<primary id>}, which answers 201 or 200. The cost is a small JSON
 * body per row in the batch answer (the row's etag and id), no extra call.
 */
final class DynamicsBatch {

    /** Requests per $batch, the Web API's maximum. */
    static final int MAX_REQUESTS = 1000;

    /** How a row's request behaves, from the operation and the write switches. */
    enum Mode {
        UPSERT(null), CREATE_ONLY("If-None-Match"), UPDATE_ONLY("If-Match"), DELETE(null), SKIP(null);

        final String condition;

        Mode(String condition) {
            this.condition = condition;
        }

        static Mode of(WriteSpec spec) {
            return switch (spec.operation()) {
                case OPERATION_DELETE -> DELETE;
                case OPERATION_INSERT_ONLY -> spec.allowNewRecords() ? CREATE_ONLY : SKIP;
                case OPERATION_UPDATE_ONLY -> spec.updateExisting() ? UPDATE_ONLY : SKIP;
                case OPERATION_UPSERT -> spec.allowNewRecords() && spec.updateExisting() ? UPSERT
                        : spec.allowNewRecords() ? CREATE_ONLY : spec.updateExisting() ? UPDATE_ONLY : SKIP;
                default -> throw new ConnectorException(Reason.CONFIGURATION, "operation " + spec.operation()
                        + " is not supported by the dynamics connector");
            };
        }
    }

    private final String boundary = "batch_" + UUID.randomUUID();
    private final StringBuilder body = new StringBuilder();
    private final List<Integer> rows = new ArrayList<>();
    private final Mode mode;

    DynamicsBatch(Mode mode) {
        this.mode = mode;
    }

    String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    int size() {
        return rows.size();
    }

    /** Row indexes in request order. */
    List<Integer> rows() {
        return rows;
    }

    String body() {
        return body + "--" + boundary + "--\r\n";
    }

    /**
     * Adds the request of one row.
     *
     * @throws IllegalArgumentException when a value does not fit its column (the row is rejected, not sent)
     */
    void add(int index, DynamicsSettings settings, DvTable table, WriteSpec spec, TargetRow row, String key) {
        String url = settings.servicePath() + "/" + table.entitySet() + "(" + key + ")";
        StringBuilder part = new StringBuilder("--").append(boundary).append("\r\nContent-Type: application/http\r\n"
                + "Content-Transfer-Encoding: binary\r\n\r\n");
        if (mode == Mode.DELETE) {
            part.append("DELETE ").append(url).append(" HTTP/1.1\r\n\r\n\r\n");
        } else {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            ZoneId zone = settings.timeZone();
            for (int c = 0; c < spec.columns().size(); c++) {
                String name = spec.columns().get(c);
                if (!spec.keyColumns().contains(name)) {
                    DvColumn column = ODataQuery.require(table, name);
                    json.set(name, DynamicsValues.json(column, row.values().get(c), zone));
                }
            }
            part.append("PATCH ").append(url).append("?$select=").append(table.primaryId())
                    .append(" HTTP/1.1\r\nContent-Type: application/json\r\nPrefer: return=representation\r\n");
            if (mode.condition != null) {
                part.append(mode.condition).append(": *\r\n");
            }
            part.append("\r\n").append(json).append("\r\n");
        }
        body.append(part);
        rows.add(index);
    }

    /** The result of each request, in request order, from the batch answer's parts. */
    List<WriteResult> results(List<BatchPart> parts) {
        if (parts.size() != rows.size()) {
            throw new ConnectorException(Reason.TRANSIENT, "dynamics answered " + parts.size() + " results for a "
                    + "$batch of " + rows.size() + " requests");
        }
        List<WriteResult> out = new ArrayList<>();
        for (BatchPart part : parts) {
            out.add(result(part));
        }
        return out;
    }

    private WriteResult result(BatchPart part) {
        int status = part.status();
        if (status == 201) {
            return WriteResult.CREATED;
        }
        if (status == 200 || status == 204) {
            return mode == Mode.DELETE ? WriteResult.DELETED : WriteResult.UPDATED;
        }
        DynamicsJson.ApiError error = DynamicsJson.error(part.body());
        String code = error == null ? "" : error.code();
        // The conditions did what the operation asks: leave existing (create-only) or missing (update-only) rows.
        if (status == 412 && mode == Mode.CREATE_ONLY && code.equalsIgnoreCase("0x80040237")
                || status == 404 && (mode == Mode.UPDATE_ONLY || mode == Mode.DELETE)) {
            return WriteResult.SKIPPED;
        }
        if (status == 429 || status >= 500) {
            throw DynamicsClient.failure(new DynamicsClient.Response(status, part.body(), "",
                    part.headers().get("retry-after")), "write in a $batch");
        }
        if (error == null) {
            return WriteResult.rejected("dynamics.HTTP_" + status, "dynamics refused the record: HTTP " + status);
        }
        return WriteResult.rejected("dynamics." + error.code(), error.message());
    }

    /** Every operation the connector writes with. */
    static final java.util.Set<Operation> OPERATIONS = java.util.Set.of(Operation.OPERATION_UPSERT,
            Operation.OPERATION_INSERT_ONLY, Operation.OPERATION_UPDATE_ONLY, Operation.OPERATION_DELETE);

    static String describe(Map<String, List<String>> keys) {
        return keys.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
