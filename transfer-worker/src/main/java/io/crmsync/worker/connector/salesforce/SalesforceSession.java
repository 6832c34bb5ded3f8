package io.crmsync.worker.connector.salesforce;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.Operation;
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
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfField;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfObject;
import io.crmsync.worker.connector.salesforce.SalesforceJson.UpsertResult;

/**
 * A session with one org, for reading and writing. Writes are upserts through sObject Collections, at most
 * {@value #CHUNK} records per call, and Salesforce commits each call on its own: a batch larger than one call, or
 * one that repeats a key, is not atomic there. A batch that fails part-way may be retried whole, since upserts by
 * external id are idempotent.
 */
final class SalesforceSession implements SourceSession, TargetSession {

    /** Records per sObject Collections call, Salesforce's maximum. */
    static final int CHUNK = 200;
    /** How long Salesforce keeps deleted records in the recycle bin and the delete log. */
    static final int DELETE_LOG_DAYS = 15;

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");
    private static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");

    private final SalesforceClient client;
    private final String serverVersion;
    private final Map<String, Optional<SfObject>> described = new HashMap<>();

    SalesforceSession(SalesforceClient client, String serverVersion) {
        this.client = client;
        this.serverVersion = serverVersion;
    }

    @Override
    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public Optional<ObjectDescription> describe(String objectName) {
        return object(objectName).map(SfObject::toDescription);
    }

    @Override
    public RecordStream read(ReadRequest request) {
        SfObject object = required(request.objectName());
        return new SalesforceRecordStream(client, object, request, "query", Soql.query(object, request));
    }

    /**
     * Deleted records through {@code queryAll} (the recycle bin, kept {@value #DELETE_LOG_DAYS} days). A window
     * starting before the org's delete log does fails, since deletions from before it can no longer be seen.
     */
    @Override
    public RecordStream readDeleted(ReadRequest request) {
        SfObject object = required(request.objectName());
        if (request.windowStart() != null) {
            requireDeleteLogSince(object, request.windowStart());
        }
        return new SalesforceRecordStream(client, object, request, "queryAll", Soql.deletedQuery(object, request));
    }

    private void requireDeleteLogSince(SfObject object, Instant start) {
        Instant from = start.truncatedTo(ChronoUnit.MINUTES);
        Instant earliest;
        if (from.isBefore(Instant.now().minus(DELETE_LOG_DAYS, ChronoUnit.DAYS))) {
            earliest = null;
        } else {
            String path = client.settings().dataPath() + "/sobjects/" + object.name() + "/deleted/?start="
                    + SalesforceValues.replicationDate(from) + "&end="
                    + SalesforceValues.replicationDate(from.plus(1, ChronoUnit.MINUTES));
            earliest = SalesforceJson.earliestDateAvailable(client.ok("GET", path, null, Map.of(),
                    "deleted records of " + object.name()));
        }
        if (earliest == null || earliest.isAfter(from)) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce keeps deleted " + object.name()
                    + " records for " + DELETE_LOG_DAYS + " days" + (earliest == null ? "" : " (since " + earliest + ")")
                    + ", but this run's window starts at " + start + "; deletions before then can no longer be "
                    + "read: run a full sync of the target to catch up");
        }
    }

    /** Filters run as SOQL conditions, so they are checked against the object's describe types. */
    @Override
    public List<String> filterProblems(String objectName, FilterExpression filter) {
        return object(objectName).map(o -> Soql.filterProblems(o, filter))
                .orElse(List.of("salesforce object " + objectName + " does not exist"));
    }

    @Override
    public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        SfObject object = required(spec.objectName());
        SfField key = upsertKey(object, spec);
        spec.columns().forEach(c -> Soql.require(object, c));
        int keyIndex = spec.columns().indexOf(key.name());
        WriteResult[] results = new WriteResult[rows.size()];
        String path = client.settings().dataPath() + "/composite/sobjects/" + object.name() + "/" + key.name();
        for (List<Integer> call : calls(rows, keyIndex)) {
            String body = body(object, spec, rows, call);
            guard.beforeCommit();
            List<UpsertResult> answer = SalesforceJson.upsertResults(client.ok("PATCH", path, body, Map.of(),
                    "upsert into " + object.name()));
            if (answer.size() != call.size()) {
                throw new ConnectorException(Reason.TRANSIENT, "salesforce answered " + answer.size()
                        + " results for an upsert of " + call.size() + " records");
            }
            for (int i = 0; i < call.size(); i++) {
                results[call.get(i)] = result(answer.get(i));
            }
        }
        return Arrays.asList(results);
    }

    /**
     * Splits rows into calls of at most {@value #CHUNK} in row order, starting a new call when a key repeats:
     * Salesforce refuses a key twice in one call, and in separate calls the later row wins as it should.
     *
     * @return row indexes per call
     */
    static List<List<Integer>> calls(List<TargetRow> rows, int keyIndex) {
        List<List<Integer>> calls = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            String key = SalesforceValues.text(rows.get(i).values().get(keyIndex));
            if (current.size() == CHUNK || key != null && keys.contains(key)) {
                calls.add(current);
                current = new ArrayList<>();
                keys = new HashSet<>();
            }
            current.add(i);
            if (key != null) {
                keys.add(key);
            }
        }
        if (!current.isEmpty()) {
            calls.add(current);
        }
        return calls;
    }

    private static WriteResult result(UpsertResult result) {
        if (result.success()) {
            return result.created() ? WriteResult.CREATED : WriteResult.UPDATED;
        }
        if (result.errors().isEmpty()) {
            return WriteResult.rejected("salesforce.UNKNOWN", "salesforce refused the record without a reason");
        }
        return WriteResult.rejected("salesforce." + result.errors().get(0).errorCode(), result.errors().stream()
                .map(SalesforceJson.ApiError::message).collect(Collectors.joining("; ")));
    }

    /** The match key, which the collections upsert needs to be one external-id field. */
    private static SfField upsertKey(SfObject object, WriteSpec spec) {
        if (spec.operation() != Operation.OPERATION_UPSERT) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce targets support operation UPSERT only, "
                    + "not " + spec.operation());
        }
        if (!spec.allowNewRecords() || !spec.updateExisting()) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce targets create and update in one upsert "
                    + "call, which cannot skip new or existing records; allow both for " + object.name());
        }
        if (spec.modifiedColumn() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce targets cannot keep newer records "
                    + "(conflict policy most-recent-wins)");
        }
        if (spec.keyColumns().size() != 1) {
            throw new ConnectorException(Reason.CONFIGURATION, "a salesforce upsert into " + object.name()
                    + " matches on exactly one external-id field, not " + spec.keyColumns());
        }
        SfField key = Soql.require(object, spec.keyColumns().get(0));
        if (!key.externalId()) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce field " + object.name() + "."
                    + key.name() + " is not an external-id field, so an upsert cannot match on it");
        }
        return key;
    }

    private String body(SfObject object, WriteSpec spec, List<TargetRow> rows, List<Integer> call) {
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("allOrNone", false);
        ArrayNode records = body.putArray("records");
        for (int index : call) {
            ObjectNode record = records.addObject();
            record.putObject("attributes").put("type", object.name());
            List<Object> values = rows.get(index).values();
            for (int c = 0; c < spec.columns().size(); c++) {
                record.set(spec.columns().get(c), json(values.get(c)));
            }
        }
        return body.toString();
    }

    /** A row value as Salesforce JSON: date-times in UTC, multi-values as a picklist's {@code a;b}. */
    private JsonNode json(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        } else if (value instanceof Long l) {
            return f.numberNode(l);
        } else if (value instanceof BigDecimal d) {
            return f.numberNode(d);
        } else if (value instanceof Double d) {
            return f.numberNode(d);
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof OffsetDateTime t) {
            return f.textNode(UTC_MILLIS.format(t.withOffsetSameInstant(ZoneOffset.UTC)));
        } else if (value instanceof LocalDateTime t) {
            return f.textNode(UTC_MILLIS.format(t.atZone(client.settings().timeZone())
                    .withZoneSameInstant(ZoneOffset.UTC)));
        } else if (value instanceof List<?> list) {
            return f.textNode(list.stream().map(SalesforceValues::text).collect(Collectors.joining(";")));
        }
        return f.textNode(value.toString());
    }

    private SfObject required(String objectName) {
        return object(objectName).orElseThrow(() -> new ConnectorException(Reason.CONFIGURATION,
                "salesforce object " + objectName + " does not exist or is not accessible"));
    }

    /** The object's describe answer, asked once per session; empty when the org has no such object. */
    private Optional<SfObject> object(String objectName) {
        if (!NAME.matcher(objectName).matches()) {
            throw new ConnectorException(Reason.CONFIGURATION, "'" + objectName + "' is not a salesforce object "
                    + "name (letters, digits and underscores, e.g. Account or Invoice__c)");
        }
        Optional<SfObject> known = described.get(objectName);
        if (known == null) {
            SalesforceClient.Response response = client.call("GET", client.settings().dataPath() + "/sobjects/"
                    + objectName + "/describe", null, Map.of());
            if (response.status() == 404) {
                known = Optional.empty();
            } else if (response.ok()) {
                known = Optional.of(SalesforceJson.describe(response.body()));
            } else {
                throw SalesforceClient.failure(response, "describe of " + objectName);
            }
            described.put(objectName, known);
        }
        return known;
    }

    @Override
    public void close() {
        described.clear();
    }
}
