package io.crmsync.worker.connector.hubspot;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * Records of a list or search read, fetched a page at a time only when the ones in hand are used up, so memory
 * holds about one page (plus, for a search, the records tied on the last modification time).
 */
abstract class HubSpotRecordStream implements RecordStream {

    /** One record as read: its values, its cursor time (null without cursor) and key texts, its HubSpot id. */
    record Row(Map<String, Object> values, Instant modified, List<String> key, long id) {
    }

    protected final HubSpotClient client;
    protected final String objectName;
    protected final Map<String, Property> properties;
    protected final ReadRequest request;
    protected final Deque<Row> ready = new ArrayDeque<>();
    protected boolean exhausted;

    HubSpotRecordStream(HubSpotClient client, String objectName, Map<String, Property> properties,
            ReadRequest request) {
        this.client = client;
        this.objectName = objectName;
        this.properties = properties;
        this.request = request;
    }

    /** Fetches the next page into {@link #ready}, setting {@link #exhausted} after the last. */
    protected abstract void fetch();

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !exhausted) {
            fetch();
        }
        return !ready.isEmpty();
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row row = ready.poll();
        return new SourceRecord(row.values(), new Position(row.modified(), row.key()));
    }

    /** The properties a page is asked for: the requested fields and the cursor. */
    protected List<String> asked() {
        List<String> names = new ArrayList<>(request.fields());
        if (request.hasCursor() && !names.contains(request.cursorField())) {
            names.add(request.cursorField());
        }
        return names;
    }

    /**
     * A result as a row; {@code hs_object_id} falls back on the record's id, which every answer carries. A value the
     * property's type cannot hold, or an id that is no number, is an unexpected answer, not a crash.
     */
    protected Row row(JsonNode result) {
        try {
            return parse(result);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw HubSpotJson.malformed("a record of " + objectName + " with an unreadable value ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private Row parse(JsonNode result) {
        JsonNode props = result.path("properties");
        String id = result.path("id").asText();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : request.fields()) {
            values.put(field, HubSpotValues.read(properties.get(field), text(props, field, id)));
        }
        Instant modified = null;
        if (request.hasCursor()) {
            String t = text(props, request.cursorField(), id);
            modified = t == null || t.isEmpty() ? null : HubSpotValues.instant(t);
        }
        List<String> key = new ArrayList<>();
        request.keyFields().forEach(k -> key.add(text(props, k, id)));
        return new Row(values, modified, key, Long.parseLong(id));
    }

    private static String text(JsonNode props, String field, String id) {
        JsonNode v = props.get(field);
        if ((v == null || v.isNull()) && field.equals("hs_object_id")) {
            return id;
        }
        return v == null || v.isNull() ? null : v.asText();
    }

    /** Compares key texts as numbers when both are, else as text; a missing value sorts first. */
    static int compareKeys(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            String x = a.get(i);
            String y = b.get(i);
            int c;
            if (x == null || y == null) {
                c = x == null ? (y == null ? 0 : -1) : 1;
            } else if (x.matches("-?\\d{1,18}") && y.matches("-?\\d{1,18}")) {
                c = Long.compare(Long.parseLong(x), Long.parseLong(y));
            } else {
                c = x.compareTo(y);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    @Override
    public void close() {
        exhausted = true;
        ready.clear();
    }
}
