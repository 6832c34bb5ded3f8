package io.crmsync.worker.connector.hubspot;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.hubspot.HubSpotJson.ApiError;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Batch;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * Writes a batch in HubSpot's largest calls, {@value #CHUNK} records each: UPSERT through {@code batch/upsert} by a
 * unique property ({@code new} tells created from updated), DELETE by resolving the keys with {@code batch/read} and
 * archiving the records found. HubSpot commits each call on its own, so a batch larger than a call is not atomic;
 * retrying a batch whole is safe, since upserts by key and archives are idempotent. Results come back unordered and
 * are matched to rows by their key value.
 */
final class HubSpotWriter {

    /** Inputs per batch call, HubSpot's documented maximum. */
    static final int CHUNK = 100;

    private final HubSpotClient client;
    private final String objectName;
    private final Map<String, Property> props;

    HubSpotWriter(HubSpotClient client, String objectName, Map<String, Property> props) {
        this.client = client;
        this.objectName = objectName;
        this.props = props;
    }

    List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        Property key = key(spec);
        int keyIndex = spec.columns().indexOf(key.name());
        WriteResult[] results = new WriteResult[rows.size()];
        List<Integer> keyed = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (keyText(rows.get(i), keyIndex, key).isEmpty()) {
                results[i] = WriteResult.rejected("hubspot.MISSING_ID", "the match key " + key.name() + " is empty, "
                        + "so HubSpot cannot match or create the record");
            } else {
                keyed.add(i);
            }
        }
        for (List<Integer> call : calls(rows, keyed, keyIndex, key)) {
            if (spec.operation() == Operation.OPERATION_DELETE) {
                delete(key, keyIndex, rows, call, results, guard);
            } else {
                upsert(spec, key, keyIndex, rows, call, results, guard);
            }
        }
        return Arrays.asList(results);
    }

    /** The match key, checked against what HubSpot can do with it before any call. */
    private Property key(WriteSpec spec) {
        boolean delete = spec.operation() == Operation.OPERATION_DELETE;
        if (!delete && spec.operation() != Operation.OPERATION_UPSERT) {
            throw refused("hubspot targets support operations UPSERT and DELETE, not " + spec.operation().name()
                    .replaceFirst("^OPERATION_", ""));
        }
        if (!delete && (!spec.allowNewRecords() || !spec.updateExisting())) {
            throw refused("hubspot upserts create and update in one call, which cannot skip new or existing "
                    + "records; allow both for " + objectName);
        }
        if (spec.modifiedColumn() != null) {
            throw refused("hubspot targets cannot keep newer records (conflict policy most-recent-wins)");
        }
        if (spec.keyColumns().size() != 1) {
            throw refused("a hubspot write to " + objectName + " matches on exactly one unique property, not "
                    + spec.keyColumns());
        }
        Property key = HubSpotSession.requireProperty(props, objectName, spec.keyColumns().get(0));
        boolean usable = HubSpotJson.isKey(objectName, key) && (delete || !key.name().equals("hs_object_id"));
        if (!usable) {
            throw refused("hubspot property " + objectName + "." + key.name() + " has no unique values, so "
                    + (delete ? "a delete" : "an upsert (idProperty)") + " cannot match on it");
        }
        if (!delete) {
            List<String> readOnly = spec.columns().stream()
                    .filter(c -> HubSpotSession.requireProperty(props, objectName, c).readOnly()).toList();
            if (!readOnly.isEmpty()) {
                throw refused("hubspot sets " + objectName + " properties " + readOnly + " itself; they cannot be "
                        + "written");
            }
        }
        return key;
    }

    private ConnectorException refused(String message) {
        return new ConnectorException(Reason.CONFIGURATION, message);
    }

    /** Row indexes per call: at most {@value #CHUNK}, a new call when a key repeats so the later row wins. */
    private List<List<Integer>> calls(List<TargetRow> rows, List<Integer> keyed, int keyIndex, Property key) {
        List<List<Integer>> calls = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i : keyed) {
            String k = keyText(rows.get(i), keyIndex, key).toLowerCase(Locale.ROOT);
            if (current.size() == CHUNK || keys.contains(k)) {
                calls.add(current);
                current = new ArrayList<>();
                keys = new HashSet<>();
            }
            current.add(i);
            keys.add(k);
        }
        if (!current.isEmpty()) {
            calls.add(current);
        }
        return calls;
    }

    private String keyText(TargetRow row, int keyIndex, Property key) {
        return HubSpotValues.write(row.values().get(keyIndex), key, client.settings().timeZone()).trim();
    }

    private void upsert(WriteSpec spec, Property key, int keyIndex, List<TargetRow> rows, List<Integer> call,
            WriteResult[] results, CommitGuard guard) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode inputs = body.putArray("inputs");
        Map<String, Integer> byKey = new HashMap<>();
        for (int index : call) {
            TargetRow row = rows.get(index);
            String id = keyText(row, keyIndex, key);
            byKey.put(id.toLowerCase(Locale.ROOT), index);
            ObjectNode input = inputs.addObject().put("id", id).put("idProperty", key.name());
            ObjectNode properties = input.putObject("properties");
            for (int c = 0; c < spec.columns().size(); c++) {
                if (c != keyIndex) {
                    Property p = props.get(spec.columns().get(c));
                    properties.put(p.name(), HubSpotValues.write(row.values().get(c), p, client.settings().timeZone()));
                }
            }
        }
        guard.beforeCommit();
        HubSpotClient.Response response = client.call("POST", "/crm/v3/objects/" + objectName + "/batch/upsert",
                HubSpotJson.write(body));
        if (response.status() == 409) {
            conflict(spec, key, keyIndex, rows, call, results, guard, response);
            return;
        }
        if (!response.ok()) {
            throw client.failure(response, "upsert into " + objectName);
        }
        Batch batch = HubSpotJson.batch(response.body());
        for (HubSpotJson.Result r : batch.results()) {
            JsonNode v = r.properties().get(key.name());
            Integer index = v == null || v.isNull() ? null : byKey.get(v.asText().toLowerCase(Locale.ROOT));
            if (index != null) {
                results[index] = r.created() ? WriteResult.CREATED : WriteResult.UPDATED;
            }
        }
        for (ApiError e : batch.errors()) {
            for (String id : e.ids()) {
                Integer index = byKey.get(id.toLowerCase(Locale.ROOT));
                if (index != null) {
                    results[index] = WriteResult.rejected("hubspot." + e.reason(), e.message());
                }
            }
        }
        for (int index : call) {
            if (results[index] == null) {
                results[index] = WriteResult.rejected("hubspot.UNKNOWN", "HubSpot answered the upsert without a "
                        + "result or an error for this record");
            }
        }
    }

    /**
     * A unique value another record holds fails the whole call with 409, naming the existing record but not the
     * input: halve the call until the records it is about stand alone, and reject just those.
     */
    private void conflict(WriteSpec spec, Property key, int keyIndex, List<TargetRow> rows, List<Integer> call,
            WriteResult[] results, CommitGuard guard, HubSpotClient.Response response) {
        if (call.size() == 1) {
            ApiError e = HubSpotJson.error(response.body());
            results[call.get(0)] = WriteResult.rejected("hubspot." + (e.category().isEmpty() ? "CONFLICT"
                    : e.category()), e.message().isEmpty() ? "HTTP 409" : e.message());
            return;
        }
        int half = call.size() / 2;
        upsert(spec, key, keyIndex, rows, call.subList(0, half), results, guard);
        upsert(spec, key, keyIndex, rows, call.subList(half, call.size()), results, guard);
    }

    private void delete(Property key, int keyIndex, List<TargetRow> rows, List<Integer> call, WriteResult[] results,
            CommitGuard guard) {
        ObjectNode read = JsonNodeFactory.instance.objectNode();
        ArrayNode inputs = read.putArray("inputs");
        call.forEach(i -> inputs.addObject().put("id", keyText(rows.get(i), keyIndex, key)));
        read.putArray("properties").add(key.name());
        if (!key.name().equals("hs_object_id")) {
            read.put("idProperty", key.name());
        }
        HubSpotClient.Response found = client.call("POST", "/crm/v3/objects/" + objectName + "/batch/read",
                HubSpotJson.write(read));
        if (!found.ok()) {
            throw client.failure(found, "read of " + objectName + " records to delete");
        }
        Map<String, String> idByKey = new HashMap<>();
        for (HubSpotJson.Result r : HubSpotJson.batch(found.body()).results()) {
            JsonNode v = r.properties().get(key.name());
            idByKey.put((v == null || v.isNull() ? r.id() : v.asText()).toLowerCase(Locale.ROOT), r.id());
        }
        ObjectNode archive = JsonNodeFactory.instance.objectNode();
        ArrayNode ids = archive.putArray("inputs");
        Set<String> archived = new HashSet<>();
        for (int i : call) {
            String id = idByKey.get(keyText(rows.get(i), keyIndex, key).toLowerCase(Locale.ROOT));
            if (id != null && archived.add(id)) {
                ids.addObject().put("id", id);
            }
            results[i] = id == null ? WriteResult.SKIPPED : WriteResult.DELETED;
        }
        if (!ids.isEmpty()) {
            guard.beforeCommit();
            client.ok("POST", "/crm/v3/objects/" + objectName + "/batch/archive", HubSpotJson.write(archive),
                    "archive of " + objectName + " records");
        }
    }
}
