package io.crmsync.emulator.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code batch/upsert}, {@code batch/read} and single create. An upsert plans every input before writing: a unique
 * value another record holds (a contact's email, a unique custom property) fails the whole call with 409
 * CONFLICT, as a single create does; an input with invalid property values fails alone, and the call answers
 * 207 with the others written.
 */
final class BatchWrites {
    static final int MAX_INPUTS = 100;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The answer body and whether some inputs failed (207). */
    record Outcome(Map<String, Object> body, boolean partial) {
    }

    private record Planned(String idValue, Long existing, Map<String, String> values) {
    }

    private BatchWrites() {
    }

    static void requireSize(JsonNode inputs) {
        if (!inputs.isArray() || inputs.isEmpty() || inputs.size() > MAX_INPUTS) {
            throw HubSpotException.validation("There was a problem with the request. inputs: size must be between 1 "
                    + "and " + MAX_INPUTS + ", but " + inputs.size() + " were provided.");
        }
    }

    static Outcome upsert(ObjectStore store, JsonNode body, Instant now, Instant visibleAt) {
        JsonNode inputs = body.path("inputs");
        requireSize(inputs);
        ObjectSchema schema = store.schema;
        String idProperty = inputs.get(0).path("idProperty").asText("");
        if (!schema.isIdProperty(idProperty)) {
            throw HubSpotException.validation("There was a problem with the request. idProperty: " + idProperty
                    + " is not a unique property of " + schema.name() + "; use a property with unique values.");
        }
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode in : inputs) {
            if (!in.path("idProperty").asText("").equals(idProperty)) {
                throw HubSpotException.validation("There was a problem with the request. All inputs of a batch "
                        + "upsert must use the same idProperty.");
            }
            if (!seen.add(in.path("id").asText("").toLowerCase(Locale.ROOT))) {
                throw HubSpotException.validation("Duplicate IDs found in batch input: [" + in.path("id").asText()
                        + "]. IDs must be unique");
            }
        }
        return store.atomically(() -> {
            List<Map<String, Object>> errors = new ArrayList<>();
            List<Planned> plan = new ArrayList<>();
            for (JsonNode in : inputs) {
                String idValue = in.path("id").asText("");
                Map<String, String> values = validated(schema, in.path("properties"), idValue, errors);
                if (values == null) {
                    continue;
                }
                values.put(idProperty, Values.normalize(schema, schema.property(idProperty), idValue));
                ObjectStore.Snapshot match = store.findLive(idProperty, idValue);
                plan.add(new Planned(idValue, match == null ? null : match.id(), values));
            }
            requireUniqueValues(store, plan);
            List<Map<String, Object>> results = new ArrayList<>();
            for (Planned p : plan) {
                long id;
                if (p.existing() == null) {
                    id = store.insert(p.values(), now, now, visibleAt);
                } else {
                    id = p.existing();
                    store.update(id, p.values(), now, visibleAt);
                }
                ObjectStore.Snapshot s = store.get(id);
                List<String> shown = new ArrayList<>(p.values().keySet());
                shown.addAll(List.of("hs_object_id", "createdate", schema.modifiedProperty()));
                Map<String, Object> r = HubSpotApi.render(schema, s, shown);
                r.put("new", p.existing() == null);
                results.add(r);
            }
            return new Outcome(envelope(results, errors, now), !errors.isEmpty());
        });
    }

    /** A unique value held by another record, or twice in the call, fails the whole call: nothing is written. */
    private static void requireUniqueValues(ObjectStore store, List<Planned> plan) {
        ObjectSchema schema = store.schema;
        Map<String, Long> claimed = new HashMap<>();
        for (Planned p : plan) {
            for (String unique : schema.uniqueProperties()) {
                String v = p.values().get(unique);
                if (v == null) {
                    continue;
                }
                ObjectStore.Snapshot holder = store.findLive(unique, v);
                Long owner = claimed.putIfAbsent(unique + "\u0000" + v.toLowerCase(Locale.ROOT),
                        p.existing() == null ? -1L : p.existing());
                boolean takenInCall = owner != null && (owner == -1L || !owner.equals(p.existing()));
                if (holder != null && !Long.valueOf(holder.id()).equals(p.existing()) || takenInCall) {
                    long existing = holder != null ? holder.id() : owner;
                    throw new HubSpotException(409, "CONFLICT", unique.equals("email")
                            ? schema.label() + " already exists. Existing ID: " + existing
                            : schema.label() + " with " + unique + " '" + v + "' already exists. Existing ID: "
                                    + existing);
                }
            }
        }
    }

    /** The input's values in stored form, or null after adding its error (the record's context names its id). */
    static Map<String, String> validated(ObjectSchema schema, JsonNode properties, String idValue,
            List<Map<String, Object>> errors) {
        Map<String, String> values = new LinkedHashMap<>();
        List<Map<String, Object>> problems = new ArrayList<>();
        properties.fields().forEachRemaining(e -> {
            PropertyDef p = schema.property(e.getKey());
            String raw = e.getValue().isNull() ? null : e.getValue().asText();
            if (p == null) {
                problems.add(problem(e.getKey(), "PROPERTY_DOESNT_EXIST",
                        "Property \"" + e.getKey() + "\" does not exist"));
            } else if (p.readOnly()) {
                problems.add(problem(e.getKey(), "READ_ONLY_VALUE",
                        "Property \"" + e.getKey() + "\" is a read only property; its value cannot be set."));
            } else {
                try {
                    values.put(p.name(), Values.normalize(schema, p, raw));
                } catch (Values.Invalid invalid) {
                    problems.add(problem(e.getKey(), invalid.code, invalid.getMessage()));
                }
            }
        });
        if (problems.isEmpty()) {
            return values;
        }
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", "error");
        error.put("category", "VALIDATION_ERROR");
        String detail;
        try {
            detail = JSON.writeValueAsString(problems);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            detail = problems.toString();
        }
        error.put("message", "Property values were not valid: " + detail);
        error.put("context", Map.of("ids", List.of(idValue)));
        List<Map<String, Object>> details = new ArrayList<>();
        for (Map<String, Object> p : problems) {
            details.add(Map.of("message", p.get("message"), "code", p.get("error"),
                    "context", Map.of("propertyName", List.of(p.get("name")))));
        }
        error.put("errors", details);
        errors.add(error);
        return null;
    }

    private static Map<String, Object> problem(String name, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("isValid", false);
        m.put("message", message);
        m.put("error", code);
        m.put("name", name);
        m.put("localizedErrorMessage", message);
        return m;
    }

    static Outcome read(ObjectStore store, JsonNode body, Instant now) {
        JsonNode inputs = body.path("inputs");
        requireSize(inputs);
        String idProperty = body.path("idProperty").asText("hs_object_id");
        if (!idProperty.equals("hs_object_id") && !store.schema.isIdProperty(idProperty)) {
            throw HubSpotException.validation("There was a problem with the request. idProperty: " + idProperty
                    + " is not a unique property of " + store.schema.name());
        }
        List<String> props = new ArrayList<>();
        body.path("properties").forEach(p -> props.add(p.asText()));
        if (!idProperty.equals("hs_object_id") && !props.contains(idProperty)) {
            props.add(idProperty);
        }
        List<Map<String, Object>> results = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (JsonNode in : inputs) {
            ObjectStore.Snapshot s = store.findLive(idProperty, in.path("id").asText(""));
            if (s == null) {
                missing.add(in.path("id").asText(""));
            } else {
                results.add(HubSpotApi.render(store.schema, s, props.isEmpty() ? null : props));
            }
        }
        List<Map<String, Object>> errors = new ArrayList<>();
        if (!missing.isEmpty()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("status", "error");
            e.put("category", "OBJECT_NOT_FOUND");
            e.put("message", "Could not get some " + store.schema.label().toUpperCase(Locale.ROOT) + " objects, they "
                    + "may be deleted or not exist. Check that ids are valid.");
            e.put("context", Map.of("ids", missing));
            errors.add(e);
        }
        return new Outcome(envelope(results, errors, now), !errors.isEmpty());
    }

    private static Map<String, Object> envelope(List<Map<String, Object>> results, List<Map<String, Object>> errors,
            Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "COMPLETE");
        out.put("results", results);
        if (!errors.isEmpty()) {
            out.put("numErrors", errors.size());
            out.put("errors", errors);
        }
        out.put("startedAt", Values.format(now));
        out.put("completedAt", Values.format(now));
        return out;
    }

    /** {@code POST /crm/v3/objects/{type}}: 201 with the record, 409 on a unique value, 400 on invalid values. */
    static Map<String, Object> create(ObjectStore store, JsonNode body, Instant now, Instant visibleAt) {
        List<Map<String, Object>> errors = new ArrayList<>();
        Map<String, String> values = validated(store.schema, body.path("properties"), "", errors);
        if (values == null) {
            Map<String, Object> e = errors.get(0);
            throw HubSpotException.validation((String) e.get("message")).with("errors", e.get("errors"));
        }
        return store.atomically(() -> {
            requireUniqueValues(store, List.of(new Planned("", null, values)));
            long id = store.insert(values, now, now, visibleAt);
            List<String> shown = new ArrayList<>(values.keySet());
            shown.addAll(List.of("hs_object_id", "createdate", store.schema.modifiedProperty()));
            return HubSpotApi.render(store.schema, store.get(id), shown);
        });
    }
}
