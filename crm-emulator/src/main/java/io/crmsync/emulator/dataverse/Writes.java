package io.crmsync.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.emulator.Reply;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes to one row addressed by key: {@code PATCH} upsert (If-Match / If-None-Match turn it into update-only /
 * create-only), {@code POST} create, {@code DELETE}, and {@code GET} of one row. Keys are the primary id
 * ({@code contacts(<guid>)}) or an alternate key ({@code contacts(crmsync_externalid='X')}).
 */
final class Writes {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A key segment resolved against the table: the row id when the row exists. */
    record KeyRef(String text, String primaryId, TableSchema.AltKey altKey, List<Object> altValues) {
    }

    private final DataverseApi api;

    Writes(DataverseApi api) {
        this.api = api;
    }

    /** Parses {@code <guid>} or {@code col='v',col2=2} as the table's primary id or one of its alternate keys. */
    static KeyRef key(TableSchema t, String text) {
        String trimmed = text.trim();
        if (DvValues.GUID.matcher(trimmed).matches()) {
            return new KeyRef(trimmed, trimmed.toLowerCase(Locale.ROOT), null, null);
        }
        Map<String, Object> named = new LinkedHashMap<>();
        int i = 0;
        while (i < trimmed.length()) {
            int eq = trimmed.indexOf('=', i);
            if (eq < 0) {
                throw badKey(t, text);
            }
            String name = trimmed.substring(i, eq).trim();
            Column c = t.require(name);
            int j = eq + 1;
            Object value;
            if (j < trimmed.length() && trimmed.charAt(j) == '\'') {
                StringBuilder s = new StringBuilder();
                j++;
                while (true) {
                    if (j >= trimmed.length()) {
                        throw badKey(t, text);
                    }
                    char ch = trimmed.charAt(j++);
                    if (ch == '\'') {
                        if (j < trimmed.length() && trimmed.charAt(j) == '\'') {
                            s.append('\'');
                            j++;
                            continue;
                        }
                        break;
                    }
                    s.append(ch);
                }
                value = s.toString();
            } else {
                int end = trimmed.indexOf(',', j);
                String token = trimmed.substring(j, end < 0 ? trimmed.length() : end).trim();
                try {
                    value = c.type() == Column.Type.GUID ? token.toLowerCase(Locale.ROOT) : Long.parseLong(token);
                } catch (NumberFormatException e) {
                    throw badKey(t, text);
                }
                j = end < 0 ? trimmed.length() : end;
            }
            named.put(name, value);
            while (j < trimmed.length() && (trimmed.charAt(j) == ',' || trimmed.charAt(j) == ' ')) {
                j++;
            }
            i = j;
        }
        if (named.size() == 1 && named.containsKey(t.primaryId)) {
            return new KeyRef(trimmed, (String) named.get(t.primaryId), null, null);
        }
        for (TableSchema.AltKey k : t.keys()) {
            if (k.columns().size() == named.size() && named.keySet().containsAll(k.columns())) {
                List<Object> values = new ArrayList<>();
                k.columns().forEach(c -> values.add(named.get(c)));
                return new KeyRef(trimmed, null, k, values);
            }
        }
        throw badKey(t, text);
    }

    private static DvException badKey(TableSchema t, String text) {
        return DvException.badRequest("The key '" + text + "' is neither the primary key nor an alternate key of "
                + "entity " + t.logicalName + ".");
    }

    private static String existing(TableStore store, KeyRef key) {
        if (key.primaryId() != null) {
            return store.get(key.primaryId()) == null ? null : key.primaryId();
        }
        return store.findByKey(key.altKey(), key.altValues());
    }

    private static DvException missing(TableSchema t, KeyRef key) {
        if (key.primaryId() != null) {
            return DvException.notFound(t.logicalName + " With Id = " + key.primaryId() + " Does Not Exist");
        }
        return DvException.notFound("A record with the specified key values does not exist in " + t.logicalName
                + " entity");
    }

    Reply retrieve(TableStore store, String version, KeyRef key, List<Column> select) {
        String id = existing(store, key);
        if (id == null) {
            throw missing(store.schema, key);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", api.serviceRoot(version) + "/$metadata#" + store.schema.entitySet
                + Queries.selectText(select) + "/$entity");
        body.putAll(Queries.row(store.schema, store.get(id), select));
        return Reply.ok(body).header("OData-Version", "4.0");
    }

    /**
     * PATCH (upsert; {@code key} may be null only for POST create).
     *
     * @param undo receives (id, row before) so a failed change set can be rolled back
     */
    Reply upsert(TableStore store, String version, KeyRef key, byte[] body, String ifMatch, String ifNoneMatch,
            Prefer prefer, List<Column> select, List<Map.Entry<String, Map<String, Object>>> undo) {
        TableSchema t = store.schema;
        Map<String, Object> values = values(t, body);
        String id = key == null ? null : existing(store, key);
        Instant now = api.host().now();
        boolean create = id == null;
        if ("*".equals(trimmed(ifMatch)) && create) {
            throw missing(t, key);
        }
        if (("*".equals(trimmed(ifNoneMatch)) || key == null) && !create) {
            throw TableStore.duplicate();
        }
        Map<String, Object> row;
        if (create) {
            String newId = null;
            if (key != null && key.primaryId() != null) {
                newId = key.primaryId();
            } else if (key != null) {
                for (int i = 0; i < key.altKey().columns().size(); i++) {
                    values.put(key.altKey().columns().get(i), key.altValues().get(i));
                }
            }
            row = store.create(newId, values, now, now);
            undo.add(new java.util.AbstractMap.SimpleEntry<>((String) row.get(t.primaryId), null));
        } else {
            // Alternate-key values in the body are dropped on update: the URL names the row.
            if (key.altKey() != null) {
                key.altKey().columns().forEach(values::remove);
            }
            undo.add(new java.util.AbstractMap.SimpleEntry<>(id, store.get(id)));
            row = store.update(id, values, now);
        }
        String entityId = api.serviceRoot(version) + "/" + t.entitySet + "("
                + (key == null ? row.get(t.primaryId) : key.text()) + ")";
        if (!prefer.returnRepresentation()) {
            return Reply.empty(204).header("OData-Version", "4.0").header("OData-EntityId", entityId);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("@odata.context", api.serviceRoot(version) + "/$metadata#" + t.entitySet + Queries.selectText(select)
                + "/$entity");
        out.putAll(Queries.row(t, row, select));
        Reply reply = Reply.json(create ? 201 : 200, out).header("OData-Version", "4.0")
                .header("ETag", "W/\"" + row.get("versionnumber") + "\"");
        // The recorded answers carry Preference-Applied on the 201 only.
        return create ? reply.header("Preference-Applied", "return=representation") : reply;
    }

    Reply delete(TableStore store, KeyRef key, List<Map.Entry<String, Map<String, Object>>> undo) {
        String id = existing(store, key);
        if (id == null) {
            throw missing(store.schema, key);
        }
        undo.add(new java.util.AbstractMap.SimpleEntry<>(id, store.get(id)));
        store.delete(id, api.host().now());
        return Reply.empty(204).header("OData-Version", "4.0");
    }

    private static String trimmed(String header) {
        return header == null ? null : header.trim();
    }

    /** The body's column values, validated; system columns are ignored as Dataverse ignores them. */
    private static Map<String, Object> values(TableSchema t, byte[] body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw DvException.badRequest("The request body is not valid JSON: " + e.getClass().getSimpleName());
        }
        if (node == null || !node.isObject()) {
            throw DvException.badRequest("The request body must be a JSON object.");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().startsWith("@")) {
                continue;
            }
            Column c = t.columns.get(f.getKey());
            if (c == null) {
                throw DvException.badRequest("The property '" + f.getKey() + "' does not exist on type '"
                        + t.odataType() + "'. Make sure to only use property names that are defined by the type or "
                        + "mark the type as open type.");
            }
            if (c.system()) {
                continue;
            }
            Object v = DvValues.fromJson(c, f.getValue());
            if (v instanceof String s && c.maxLength() > 0 && s.length() > c.maxLength()) {
                throw new DvException(400, "0x80044331", "A validation error occurred.  The length of the '"
                        + c.name() + "' attribute of the '" + t.logicalName + "' entity exceeded the maximum allowed "
                        + "length of '" + c.maxLength() + "'.");
            }
            values.put(c.name(), v);
        }
        return values;
    }
}
