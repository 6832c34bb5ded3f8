package io.crmsync.emulator.dataverse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The rows of one table, an index per alternate key, and the delete log change tracking reads. Every write takes
 * the next value of the organization-wide row version ({@code versionnumber}), which delta tokens compare with.
 * Synchronized: the HTTP server is multi-threaded.
 */
final class TableStore {

    /** A deleted row as change tracking reports it. */
    record Deleted(String id, long version, Instant deletedOn) {
    }

    final TableSchema schema;
    private final AtomicLong versions;
    private final Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    private final Map<String, Map<List<Object>, String>> keyIndex = new HashMap<>();
    private final List<Deleted> deleted = new ArrayList<>();
    /** Told of every delete (the audit log); may be null. */
    private volatile java.util.function.BiConsumer<String, Instant> onDelete;

    TableStore(TableSchema schema, AtomicLong versions) {
        this.schema = schema;
        this.versions = versions;
        schema.keys().forEach(k -> keyIndex.put(k.name(), new HashMap<>()));
    }

    /**
     * SQL Server orders uniqueidentifier values by their last group first, so Dataverse does too: a client must
     * never assume text order of GUIDs, only that {@code gt} and {@code $orderby} agree.
     */
    static final Comparator<String> GUID_ORDER = (a, b) -> {
        String[] x = a.split("-");
        String[] y = b.split("-");
        for (int i = 4; i >= 0; i--) {
            int c = x[i].compareToIgnoreCase(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    void onDelete(java.util.function.BiConsumer<String, Instant> listener) {
        onDelete = listener;
    }

    synchronized int size() {
        return rows.size();
    }

    /** Copies of the live rows. */
    synchronized List<Map<String, Object>> snapshot() {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        rows.values().forEach(r -> out.add(new LinkedHashMap<>(r)));
        return out;
    }

    synchronized Map<String, Object> get(String id) {
        Map<String, Object> r = rows.get(id.toLowerCase(Locale.ROOT));
        return r == null ? null : new LinkedHashMap<>(r);
    }

    /** The id of the row whose alternate-key columns hold these values, or null. */
    synchronized String findByKey(TableSchema.AltKey key, List<Object> values) {
        return keyIndex.get(key.name()).get(normalize(values));
    }

    /** Deletes logged with a version above {@code after}. */
    synchronized List<Deleted> deletedAfter(long after) {
        return deleted.stream().filter(d -> d.version() > after).toList();
    }

    /**
     * Creates a row with the given (already validated) values.
     *
     * @return the new row
     * @throws DvException 412 DuplicateRecord when an alternate key's values are taken
     */
    synchronized Map<String, Object> create(String id, Map<String, Object> values, Instant created, Instant modified) {
        String rowId = id == null ? UUID.randomUUID().toString() : id.toLowerCase(Locale.ROOT);
        if (rows.containsKey(rowId)) {
            throw duplicate();
        }
        Map<String, Object> row = new LinkedHashMap<>();
        for (Column c : schema.columns.values()) {
            row.put(c.name(), null);
        }
        row.putAll(values);
        row.put(schema.primaryId, rowId);
        row.put("createdon", created);
        if (schema.columns.containsKey("modifiedon")) {
            row.put("modifiedon", modified);
            row.put("versionnumber", versions.incrementAndGet());
        }
        checkKeys(rowId, row);
        computed(row);
        rows.put(rowId, row);
        index(rowId, row, true);
        return new LinkedHashMap<>(row);
    }

    /** Updates a row; every update bumps modifiedon and versionnumber, even when no value changed. */
    synchronized Map<String, Object> update(String id, Map<String, Object> values, Instant modified) {
        Map<String, Object> row = rows.get(id);
        Map<String, Object> next = new LinkedHashMap<>(row);
        next.putAll(values);
        checkKeys(id, next);
        index(id, row, false);
        row.putAll(values);
        row.put("modifiedon", modified);
        row.put("versionnumber", versions.incrementAndGet());
        computed(row);
        index(id, row, true);
        return new LinkedHashMap<>(row);
    }

    /** Puts a row back as it was (a failed change set). */
    synchronized void restore(String id, Map<String, Object> before) {
        Map<String, Object> row = rows.remove(id);
        if (row != null) {
            index(id, row, false);
        }
        if (before != null) {
            rows.put(id, new LinkedHashMap<>(before));
            index(id, before, true);
        }
    }

    synchronized boolean delete(String id, Instant when) {
        Map<String, Object> row = rows.remove(id);
        if (row == null) {
            return false;
        }
        index(id, row, false);
        deleted.add(new Deleted(id, versions.incrementAndGet(), when));
        if (onDelete != null) {
            onDelete.accept(id, when);
        }
        return true;
    }

    private void computed(Map<String, Object> row) {
        if (schema.logicalName.equals("contact")) {
            String full = ((row.get("firstname") == null ? "" : row.get("firstname") + " ")
                    + (row.get("lastname") == null ? "" : row.get("lastname"))).trim();
            row.put("fullname", full.isEmpty() ? null : full);
        }
    }

    private void checkKeys(String id, Map<String, Object> row) {
        for (TableSchema.AltKey k : schema.keys()) {
            List<Object> values = keyValues(k, row);
            if (values == null) {
                continue;
            }
            String owner = keyIndex.get(k.name()).get(values);
            if (owner != null && !owner.equals(id)) {
                throw duplicate();
            }
        }
    }

    private void index(String id, Map<String, Object> row, boolean add) {
        for (TableSchema.AltKey k : schema.keys()) {
            List<Object> values = keyValues(k, row);
            if (values != null) {
                if (add) {
                    keyIndex.get(k.name()).put(values, id);
                } else {
                    keyIndex.get(k.name()).remove(values, id);
                }
            }
        }
    }

    /** The key's values, compared without case as SQL Server's collation does; null when one is missing. */
    private static List<Object> keyValues(TableSchema.AltKey k, Map<String, Object> row) {
        List<Object> values = new ArrayList<>();
        for (String c : k.columns()) {
            if (row.get(c) == null) {
                return null;
            }
            values.add(row.get(c));
        }
        return normalize(values);
    }

    private static List<Object> normalize(List<Object> values) {
        return values.stream().map(v -> v instanceof String s ? (Object) s.toLowerCase(Locale.ROOT) : v).toList();
    }

    static DvException duplicate() {
        return new DvException(412, "0x80040237", "A record with matching key values already exists.");
    }
}
