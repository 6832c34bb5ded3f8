package io.crmsync.worker.connector.dynamics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvColumn;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvTable;

/**
 * A session with one organization, for reading and writing. Tables are named by logical name ({@code contact}) or
 * entity set ({@code contacts}). Writes go in {@code $batch} requests of up to {@value DynamicsBatch#MAX_REQUESTS}
 * with {@code Prefer: odata.continue-on-error}; each request commits on its own, so a batch is not atomic there,
 * and one that fails part-way may be retried whole since upserts and deletes by key are idempotent.
 */
final class DynamicsSession implements SourceSession, TargetSession {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final DynamicsClient client;
    private final String serverVersion;
    private final Map<String, Optional<DvTable>> described = new HashMap<>();

    DynamicsSession(DynamicsClient client, String serverVersion) {
        this.client = client;
        this.serverVersion = serverVersion;
    }

    @Override
    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public Optional<ObjectDescription> describe(String objectName) {
        return table(objectName).map(t -> t.toDescription(objectName));
    }

    @Override
    public RecordStream read(ReadRequest request) {
        DvTable table = required(request.objectName());
        return new DynamicsRecordStream(client, table, request, ODataQuery.path(client.settings(), table, request));
    }

    /**
     * Deletions of the window from the audit log ({@code audits}, operation 3 = Delete), ordered by (deletion time,
     * row id). Change tracking cannot serve a window: its deleted entities carry no time and its tokens cannot be
     * made for a past moment. The audit log names a deleted row by its primary id only, so the match key must be
     * that id; auditing must be on for the table (rows deleted while it was off are not seen).
     */
    @Override
    public RecordStream readDeleted(ReadRequest request) {
        DvTable table = required(request.objectName());
        if (!request.keyFields().equals(List.of(table.primaryId()))) {
            throw new ConnectorException(Reason.CONFIGURATION, "dynamics finds deleted " + table.logicalName()
                    + " rows in the audit log, which names them by " + table.primaryId() + " only; match on "
                    + table.primaryId() + " to import deletions, not on " + request.keyFields());
        }
        if (request.filter() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "dynamics cannot filter deleted rows: the audit log "
                    + "keeps no column values of a deleted " + table.logicalName());
        }
        DvTable audit = required("audit");
        FilterExpression deletes = FilterExpression.newBuilder().setAllOf(io.crmsync.proto.config.v1.FilterJunction
                .newBuilder().addOperands(equal("operation", FilterValue.newBuilder().setIntegerValue(3).build()))
                .addOperands(equal("objecttypecode", FilterValue.newBuilder().setStringValue(table.logicalName())
                        .build()))).build();
        ReadRequest log = new ReadRequest("audit", List.of("createdon", "_objectid_value"), "createdon",
                List.of("_objectid_value"), request.windowStart(), request.windowEnd(), request.after(),
                request.fetchSize(), deletes);
        RecordStream rows = new DynamicsRecordStream(client, audit, log, ODataQuery.path(client.settings(), audit, log));
        return new DeletedRecords(rows, request);
    }

    private static FilterExpression equal(String field, FilterValue value) {
        return FilterExpression.newBuilder().setComparison(io.crmsync.proto.config.v1.FilterComparison.newBuilder()
                .setField(field).setOperator(io.crmsync.proto.config.v1.FilterOperator.FILTER_OPERATOR_EQUAL)
                .setValue(value)).build();
    }

    /** Audit rows as deleted records: the row id under the key field, the deletion time under the cursor field. */
    private record DeletedRecords(RecordStream audit, ReadRequest request) implements RecordStream {

        @Override
        public boolean hasNext() {
            return audit.hasNext();
        }

        @Override
        public io.crmsync.worker.connector.SourceRecord next() {
            io.crmsync.worker.connector.SourceRecord row = audit.next();
            java.util.Map<String, Object> values = new java.util.LinkedHashMap<>();
            request.fields().forEach(f -> values.put(f, null));
            values.put(request.keyFields().get(0), row.value("_objectid_value"));
            if (request.hasCursor()) {
                values.put(request.cursorField(), row.value("createdon"));
            }
            return new io.crmsync.worker.connector.SourceRecord(values, row.position());
        }

        @Override
        public void close() {
            audit.close();
        }
    }

    @Override
    public List<String> filterProblems(String objectName, FilterExpression filter) {
        return table(objectName).map(t -> ODataQuery.filterProblems(t, filter))
                .orElse(List.of("dynamics table " + objectName + " does not exist"));
    }

    @Override
    public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        spec.requireOperationIn(DynamicsBatch.OPERATIONS, "dynamics", "");
        DvTable table = required(spec.objectName());
        if (spec.modifiedColumn() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "dynamics targets cannot keep newer records "
                    + "(conflict policy most-recent-wins)");
        }
        spec.columns().forEach(c -> ODataQuery.require(table, c));
        List<DvColumn> key = matchKey(table, spec);
        DynamicsBatch.Mode mode = DynamicsBatch.Mode.of(spec);
        WriteResult[] results = new WriteResult[rows.size()];
        if (mode == DynamicsBatch.Mode.SKIP) {
            Arrays.fill(results, WriteResult.SKIPPED);
            return Arrays.asList(results);
        }
        DynamicsBatch batch = new DynamicsBatch(mode);
        for (int i = 0; i < rows.size(); i++) {
            try {
                String segment = keySegment(table, key, spec, rows.get(i));
                batch.add(i, client.settings(), table, spec, rows.get(i), segment);
            } catch (IllegalArgumentException | ArithmeticException | java.time.DateTimeException e) {
                results[i] = WriteResult.rejected("dynamics.invalid_value", e.getMessage());
            }
            if (batch.size() == DynamicsBatch.MAX_REQUESTS || i == rows.size() - 1 && batch.size() > 0) {
                send(batch, results, guard);
                batch = new DynamicsBatch(mode);
            }
        }
        return Arrays.asList(results);
    }

    private void send(DynamicsBatch batch, WriteResult[] results, CommitGuard guard) {
        guard.beforeCommit();
        DynamicsClient.Response response = client.call("POST", client.settings().servicePath() + "/$batch",
                batch.body(), Map.of("Content-Type", batch.contentType(), "Prefer", "odata.continue-on-error"));
        if (response.status() != 200) {
            throw DynamicsClient.failure(response, "$batch write");
        }
        List<WriteResult> answer = batch.results(DynamicsJson.batchParts(response.contentType(), response.body()));
        for (int i = 0; i < answer.size(); i++) {
            results[batch.rows().get(i)] = answer.get(i);
        }
    }

    /** The match key: the primary id, or exactly the columns of one alternate key. */
    private static List<DvColumn> matchKey(DvTable table, WriteSpec spec) {
        List<String> key = spec.keyColumns();
        if (key.size() == 1 && key.get(0).equals(table.primaryId())) {
            return List.of(ODataQuery.require(table, key.get(0)));
        }
        for (List<String> alternate : table.keys().values()) {
            if (alternate.size() == key.size() && new HashSet<>(alternate).containsAll(key)) {
                return alternate.stream().map(c -> ODataQuery.require(table, c)).toList();
            }
        }
        throw new ConnectorException(Reason.CONFIGURATION, "a dynamics write into " + table.logicalName()
                + " matches on the primary id " + table.primaryId() + " or on an alternate key, not on " + key
                + (table.keys().isEmpty() ? "; the table has no alternate key"
                        : "; its alternate keys: " + DynamicsBatch.describe(table.keys())));
    }

    /** {@code <guid>} or {@code col='v',col2=2}, percent-encoded for the request line. */
    private static String keySegment(DvTable table, List<DvColumn> key, WriteSpec spec, TargetRow row) {
        List<String> parts = new ArrayList<>();
        for (DvColumn column : key) {
            Object value = row.values().get(spec.columns().indexOf(column.name()));
            if (value == null || DynamicsValues.text(value).isEmpty()) {
                throw new IllegalArgumentException("the match key " + column.name() + " is empty");
            }
            String literal = ODataQuery.literal(column, DynamicsValues.text(value));
            parts.add(key.size() == 1 && column.name().equals(table.primaryId()) ? literal
                    : column.name() + "=" + URLEncoder.encode(literal, StandardCharsets.UTF_8).replace("+", "%20")
                            .replace("%27", "'"));
        }
        return String.join(",", parts);
    }

    private DvTable required(String objectName) {
        return table(objectName).orElseThrow(() -> new ConnectorException(Reason.CONFIGURATION,
                "dynamics table " + objectName + " does not exist or is not accessible"));
    }

    /** The table's metadata, asked once per session, by logical name and then by entity set name. */
    private Optional<DvTable> table(String objectName) {
        if (!NAME.matcher(objectName).matches()) {
            throw new ConnectorException(Reason.CONFIGURATION, "'" + objectName + "' is not a dynamics table name "
                    + "(a logical name such as contact, or an entity set such as contacts)");
        }
        Optional<DvTable> known = described.get(objectName);
        if (known == null) {
            String expand = "?$expand=Attributes,Keys";
            String base = client.settings().servicePath() + "/EntityDefinitions";
            DynamicsClient.Response response = client.call("GET", base + "(LogicalName='" + objectName + "')"
                    + expand, null, Map.of());
            if (response.status() == 404) {
                response = client.call("GET", base + expand + "&$filter=" + ODataQuery.encode("EntitySetName eq "
                        + ODataQuery.quote(objectName)), null, Map.of());
            }
            if (!response.ok()) {
                throw DynamicsClient.failure(response, "metadata of " + objectName);
            }
            known = Optional.ofNullable(DynamicsJson.table(response.body()));
            described.put(objectName, known);
        }
        return known;
    }

    @Override
    public void close() {
        described.clear();
    }
}
