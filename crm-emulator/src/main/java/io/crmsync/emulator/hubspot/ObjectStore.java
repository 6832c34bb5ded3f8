package io.crmsync.emulator.hubspot;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The records of one object type in id order, each with the version search can see. Search is eventually
 * consistent: every write queues a version that becomes searchable at {@code visibleAt}, while list and batch
 * read see the current record at once. Synchronized per type: test-sized volumes, batch writes atomic to readers.
 */
final class ObjectStore {

    /** One record as an answer shows it; properties are copies. */
    record Snapshot(long id, Map<String, String> properties, Instant createdAt, Instant updatedAt,
            Instant archivedAt) {
    }

    private record Version(Snapshot snapshot, Instant visibleAt) {
    }

    private static final class Rec {
        final long id;
        final Map<String, String> props = new LinkedHashMap<>();
        final Instant createdAt;
        Instant updatedAt;
        Instant archivedAt;
        final Deque<Version> pending = new ArrayDeque<>();
        Snapshot searchable;

        Rec(long id, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
        }

        Snapshot snapshot() {
            return new Snapshot(id, new LinkedHashMap<>(props), createdAt, updatedAt, archivedAt);
        }
    }

    final ObjectSchema schema;
    private final AtomicLong ids;
    private final TreeMap<Long, Rec> rows = new TreeMap<>();

    ObjectStore(ObjectSchema schema, AtomicLong ids) {
        this.schema = schema;
        this.ids = ids;
    }

    /** Creates a record with normalized values and server-set stamps; returns its id. */
    synchronized long insert(Map<String, String> values, Instant created, Instant modified, Instant visibleAt) {
        Rec r = new Rec(ids.incrementAndGet(), created);
        values.forEach((k, v) -> {
            if (v != null) {
                r.props.put(k, v);
            }
        });
        r.props.put("hs_object_id", Long.toString(r.id));
        r.props.put("createdate", Values.format(created));
        stamp(r, modified, visibleAt);
        rows.put(r.id, r);
        return r.id;
    }

    /** Applies values to a live record; HubSpot bumps the modification time on every write. */
    synchronized void update(long id, Map<String, String> values, Instant now, Instant visibleAt) {
        Rec r = live(id);
        values.forEach((k, v) -> {
            if (v == null) {
                r.props.remove(k);
            } else {
                r.props.put(k, v);
            }
        });
        stamp(r, now, visibleAt);
    }

    /** Archives a live record; false when there is none with that id. */
    synchronized boolean archive(long id, Instant now, Instant visibleAt) {
        Rec r = rows.get(id);
        if (r == null || r.archivedAt != null) {
            return false;
        }
        r.archivedAt = now;
        r.updatedAt = now;
        r.pending.add(new Version(r.snapshot(), visibleAt));
        return true;
    }

    private void stamp(Rec r, Instant modified, Instant visibleAt) {
        r.updatedAt = modified;
        r.props.put(schema.modifiedProperty(), Values.format(modified));
        r.pending.add(new Version(r.snapshot(), visibleAt));
    }

    private Rec live(long id) {
        Rec r = rows.get(id);
        if (r == null || r.archivedAt != null) {
            throw new IllegalArgumentException("no live " + schema.label() + " " + id);
        }
        return r;
    }

    synchronized Snapshot get(long id) {
        Rec r = rows.get(id);
        return r == null ? null : r.snapshot();
    }

    synchronized int size() {
        return rows.size();
    }

    /** Up to {@code limit} records with id ≥ {@code fromId}, live or archived, in id order; one more tells paging. */
    synchronized List<Snapshot> page(boolean archived, long fromId, int limit) {
        List<Snapshot> out = new ArrayList<>();
        for (Rec r : rows.tailMap(fromId, true).values()) {
            if ((r.archivedAt != null) == archived) {
                out.add(r.snapshot());
                if (out.size() > limit) {
                    break;
                }
            }
        }
        return out;
    }

    /** The live record whose property equals the value (ignoring case, as unique values do), or null. */
    synchronized Snapshot findLive(String property, String value) {
        if (property.equals("hs_object_id")) {
            try {
                Rec r = rows.get(Long.parseLong(value.trim()));
                return r == null || r.archivedAt != null ? null : r.snapshot();
            } catch (NumberFormatException e) {
                return null;
            }
        }
        String wanted = value.toLowerCase(Locale.ROOT);
        for (Rec r : rows.values()) {
            String v = r.props.get(property);
            if (r.archivedAt == null && v != null && v.toLowerCase(Locale.ROOT).equals(wanted)) {
                return r.snapshot();
            }
        }
        return null;
    }

    /** What search sees at {@code now}: per record the last version whose time has come, archived ones left out. */
    synchronized List<Snapshot> searchable(Instant now) {
        List<Snapshot> out = new ArrayList<>();
        for (Rec r : rows.values()) {
            while (!r.pending.isEmpty() && !r.pending.peekFirst().visibleAt().isAfter(now)) {
                r.searchable = r.pending.pollFirst().snapshot();
            }
            if (r.searchable != null && r.searchable.archivedAt() == null) {
                out.add(r.searchable);
            }
        }
        return out;
    }

    /** Runs a batch under this store's monitor, so readers never see half of it. */
    synchronized <T> T atomically(java.util.function.Supplier<T> work) {
        return work.get();
    }
}
