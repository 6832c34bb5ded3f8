package io.crmsync.emulator.salesforce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The records of one sObject type, in creation order, plus the delete log replication reads. Every method is
 * synchronized: a collections upsert must be all-or-none against concurrent queries, and the volumes here are
 * test-sized, so one monitor per type is simpler than anything finer.
 */
final class ObjectStore {
    /** Salesforce purges the delete log after about 15 days; getDeleted cannot see further back. */
    static final long DELETE_LOG_DAYS = 15;

    record Deleted(String id, Instant deletedDate) {
    }

    final ObjectSchema schema;
    private final Map<String, Map<String, Object>> rows = new LinkedHashMap<>();
    private final List<Deleted> deleteLog = new ArrayList<>();
    /** Live ids by lower-cased value of each external-id or unique field: upserts look every record up by one. */
    private final Map<String, Map<String, Set<String>>> index = new HashMap<>();

    ObjectStore(ObjectSchema schema) {
        this.schema = schema;
        for (FieldDef f : schema.fields().values()) {
            if (f.externalId() || f.unique()) {
                index.put(f.name(), new HashMap<>());
            }
        }
    }

    private void index(Map<String, Object> row, boolean add) {
        String id = (String) row.get("Id");
        index.forEach((field, byValue) -> {
            Object v = row.get(field);
            if (v == null) {
                return;
            }
            String key = v.toString().toLowerCase(Locale.ROOT);
            if (add) {
                byValue.computeIfAbsent(key, k -> new LinkedHashSet<>()).add(id);
            } else {
                Set<String> ids = byValue.get(key);
                if (ids != null && ids.remove(id) && ids.isEmpty()) {
                    byValue.remove(key);
                }
            }
        });
    }

    /** Copies of the rows, so callers can read them after the monitor is released. */
    synchronized List<Map<String, Object>> snapshot(boolean includeDeleted) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (Map<String, Object> r : rows.values()) {
            if (includeDeleted || !Boolean.TRUE.equals(r.get("IsDeleted"))) {
                out.add(new LinkedHashMap<>(r));
            }
        }
        return out;
    }

    synchronized Map<String, Object> get(String id) {
        Map<String, Object> r = rows.get(id);
        return r == null ? null : new LinkedHashMap<>(r);
    }

    synchronized int size() {
        return rows.size();
    }

    /** Inserts typed, canonical-named values with the given server timestamps; returns the new 18-char id. */
    synchronized String insert(Map<String, Object> values, Instant created, Instant modified) {
        String id = SfIds.next(schema.keyPrefix());
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldDef f : schema.fields().values()) {
            row.put(f.name(), values.get(f.name()));
        }
        row.put("Id", id);
        row.put("IsDeleted", false);
        if (schema.field("HasOptedOutOfEmail") != null && row.get("HasOptedOutOfEmail") == null) {
            row.put("HasOptedOutOfEmail", false);
        }
        row.put("CreatedDate", Values.stamp(created));
        row.put("LastModifiedDate", Values.stamp(modified));
        row.put("SystemModstamp", Values.stamp(modified));
        derive(row);
        rows.put(id, row);
        index(row, true);
        return id;
    }

    /** Applies values to a live row; Salesforce bumps the stamps even when nothing changed. */
    synchronized void update(String id, Map<String, Object> values, Instant now) {
        Map<String, Object> row = rows.get(id);
        index(row, false);
        row.putAll(values);
        index(row, true);
        row.put("LastModifiedDate", Values.stamp(now));
        row.put("SystemModstamp", Values.stamp(now));
        derive(row);
    }

    /** Soft delete; false if the id is unknown, SfException if it is already deleted. */
    synchronized boolean delete(String id, Instant now) {
        Map<String, Object> row = rows.get(id);
        if (row == null) {
            return false;
        }
        if (Boolean.TRUE.equals(row.get("IsDeleted"))) {
            throw new SfException(404, "ENTITY_IS_DELETED", "entity is deleted");
        }
        index(row, false);
        row.put("IsDeleted", true);
        row.put("LastModifiedDate", Values.stamp(now));
        row.put("SystemModstamp", Values.stamp(now));
        deleteLog.add(new Deleted(id, Values.stamp(now)));
        return true;
    }

    /** Live rows whose field equals the value, ignoring case as external ids do. */
    synchronized List<String> findLive(String field, String value) {
        Map<String, Set<String>> indexed = index.get(field);
        if (indexed != null) {
            return new ArrayList<>(indexed.getOrDefault(value.toLowerCase(Locale.ROOT), Set.of()));
        }
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> r : rows.values()) {
            Object v = r.get(field);
            if (v != null && !Boolean.TRUE.equals(r.get("IsDeleted"))
                    && v.toString().toLowerCase(Locale.ROOT).equals(value.toLowerCase(Locale.ROOT))) {
                ids.add((String) r.get("Id"));
            }
        }
        return ids;
    }

    /** Delete-log entries in [start, end), after dropping what is older than the retention. */
    synchronized List<Deleted> deletedBetween(Instant start, Instant end, Instant purgeBefore) {
        deleteLog.removeIf(d -> d.deletedDate().isBefore(purgeBefore));
        List<Deleted> out = new ArrayList<>();
        for (Deleted d : deleteLog) {
            if (!d.deletedDate().isBefore(start) && d.deletedDate().isBefore(end)) {
                out.add(d);
            }
        }
        return out;
    }

    /** Runs the plan of a collections upsert under this store's monitor, so it is atomic to readers. */
    synchronized <T> T atomically(Supplier<T> work) {
        return work.get();
    }

    private void derive(Map<String, Object> row) {
        if (schema.name().equals("Contact")) {
            String first = (String) row.get("FirstName");
            String last = (String) row.get("LastName");
            row.put("Name", ((first == null ? "" : first + " ") + (last == null ? "" : last)).trim());
        }
    }

    /** Ids of live rows whose SystemModstamp is in [start, end). */
    synchronized List<String> updatedBetween(Instant start, Instant end) {
        List<String> ids = new ArrayList<>();
        for (Map<String, Object> r : rows.values()) {
            Instant m = (Instant) r.get("SystemModstamp");
            if (!Boolean.TRUE.equals(r.get("IsDeleted")) && !m.isBefore(start) && m.isBefore(end)) {
                ids.add((String) r.get("Id"));
            }
        }
        return ids;
    }
}
