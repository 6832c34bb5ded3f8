package io.crmsync.emulator.salesforce;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code PATCH /composite/sobjects/{Obj}/{ExtIdField}}: validates every record first, then applies the plan under
 * the store's monitor, so allOrNone=true leaves nothing written when any record fails.
 */
final class CollectionsUpsert {
    private record Plan(String existingId, Map<String, Object> values, List<Map<String, Object>> errors) {
    }

    private CollectionsUpsert() {
    }

    static List<Map<String, Object>> run(ObjectStore store, String extField, JsonNode body, int maxRecords,
            Instant now) {
        ObjectSchema schema = store.schema;
        FieldDef ext = schema.field(extField);
        if (ext == null || !ext.externalId() && !ext.type().equals("id")) {
            throw new SfException(404, "NOT_FOUND",
                    "Provided external ID field does not exist or is not accessible: " + extField);
        }
        JsonNode records = body == null ? null : body.get("records");
        if (records == null || !records.isArray()) {
            throw new SfException(400, "JSON_PARSER_ERROR", "records is required and must be an array");
        }
        if (records.size() > maxRecords) {
            throw new SfException(400, "EXCEEDED_ID_LIMIT",
                    "Maximum number of records in a collection is " + maxRecords, List.of());
        }
        boolean allOrNone = body.path("allOrNone").asBoolean(false);
        Map<String, Integer> seen = new HashMap<>();
        for (JsonNode r : records) {
            JsonNode v = r.get(ext.name());
            if (v != null && !v.isNull()) {
                seen.merge(v.asText().toLowerCase(Locale.ROOT), 1, Integer::sum);
            }
        }
        return store.atomically(() -> {
            List<Plan> plans = new ArrayList<>();
            for (JsonNode r : records) {
                plans.add(plan(store, ext, r, seen));
            }
            boolean anyFailed = plans.stream().anyMatch(p -> !p.errors().isEmpty());
            List<Map<String, Object>> results = new ArrayList<>();
            for (Plan p : plans) {
                Map<String, Object> res = new LinkedHashMap<>();
                if (!p.errors().isEmpty() || allOrNone && anyFailed) {
                    res.put("id", p.existingId());
                    res.put("success", false);
                    res.put("errors", p.errors().isEmpty() ? List.of(error("ALL_OR_NONE_OPERATION_ROLLED_BACK",
                            "Record rolled back because not all records were valid and the request was using"
                                    + " AllOrNone header", List.of())) : p.errors());
                    res.put("created", false);
                } else if (p.existingId() == null) {
                    res.put("id", store.insert(p.values(), now, now));
                    res.put("success", true);
                    res.put("errors", List.of());
                    res.put("created", true);
                } else {
                    store.update(p.existingId(), p.values(), now);
                    res.put("id", p.existingId());
                    res.put("success", true);
                    res.put("errors", List.of());
                    res.put("created", false);
                }
                results.add(res);
            }
            return results;
        });
    }

    private static Plan plan(ObjectStore store, FieldDef ext, JsonNode r, Map<String, Integer> seen) {
        ObjectSchema schema = store.schema;
        List<Map<String, Object>> errors = new ArrayList<>();
        JsonNode key = r.get(ext.name());
        if (!r.isObject() || key == null || key.isNull() || key.asText().isEmpty()) {
            errors.add(error("REQUIRED_FIELD_MISSING", "Required fields are missing: [" + ext.name() + "]",
                    List.of(ext.name())));
            return new Plan(null, Map.of(), errors);
        }
        String keyText = key.asText();
        if (seen.getOrDefault(keyText.toLowerCase(Locale.ROOT), 0) > 1) {
            errors.add(error("DUPLICATE_VALUE", "Duplicate external id specified: " + keyText, List.of(ext.name())));
            return new Plan(null, Map.of(), errors);
        }
        List<String> matches = store.findLive(ext.name(), keyText);
        if (matches.size() > 1) {
            errors.add(error("DUPLICATE_EXTERNAL_ID", ext.name() + ": more than one record found for external id"
                    + " field: " + matches, List.of(ext.name())));
            return new Plan(null, Map.of(), errors);
        }
        String existing = matches.isEmpty() ? null : matches.get(0);
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = r.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("attributes")) {
                continue;
            }
            FieldDef f = schema.field(e.getKey());
            if (f == null) {
                errors.add(error("INVALID_FIELD", "No such column '" + e.getKey() + "' on sobject of type "
                        + schema.name(), List.of()));
                continue;
            }
            if (f != ext && (existing == null ? !f.createable() : !f.updateable())) {
                errors.add(error("INVALID_FIELD_FOR_INSERT_UPDATE", "Unable to create/update fields: " + f.name()
                        + ". Please check the security settings of this field and verify that it is read/write for"
                        + " your profile or permission set.", List.of(f.name())));
                continue;
            }
            try {
                values.put(f.name(), Values.coerce(f, jsonValue(e.getValue())));
            } catch (RuntimeException ex) {
                errors.add(error("INVALID_TYPE_ON_FIELD_IN_RECORD", f.label() + ": value not of required type: "
                        + e.getValue().asText(), List.of(f.name())));
            }
        }
        List<String> missing = new ArrayList<>();
        for (String req : schema.required()) {
            boolean absent = !values.containsKey(req) && existing == null;
            if (absent || values.containsKey(req) && values.get(req) == null) {
                missing.add(req);
            }
        }
        if (!missing.isEmpty()) {
            errors.add(error("REQUIRED_FIELD_MISSING", "Required fields are missing: " + missing, missing));
        }
        return new Plan(existing, values, errors);
    }

    private static Object jsonValue(JsonNode n) {
        if (n.isNull()) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isNumber()) {
            return n.decimalValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        throw new IllegalArgumentException(n.toString());
    }

    private static Map<String, Object> error(String code, String message, List<String> fields) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("statusCode", code);
        m.put("message", message);
        m.put("fields", fields);
        return m;
    }
}
