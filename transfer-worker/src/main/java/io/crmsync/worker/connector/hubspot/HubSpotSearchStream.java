package io.crmsync.worker.connector.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Page;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * A read through search, 200 records a call, sorted ascending on the cursor (or, without one, on the record id).
 * Search answers at most 10,000 results per query, so before paging reaches that the search restarts from the last
 * value seen: {@code cursor >= t} (records tied on {@code t} that came already are recognised by id and dropped) or
 * {@code hs_object_id > id}. HubSpot sorts on one property only, so records tied on the cursor are held back until
 * a later time shows up and then handed on in key order: the order positions compare in, which is what makes a
 * resume after (t, key) exact.
 */
final class HubSpotSearchStream extends HubSpotRecordStream {

    static final int PAGE = 200;
    static final int MAX_RESULTS = 10_000;

    private final List<List<ObjectNode>> groups;
    private final boolean byCursor;
    private final Position after;
    private String bound;
    private int offset;
    private final List<Row> tied = new ArrayList<>();
    private final Set<Long> tiedIds = new HashSet<>();
    private Instant tiedAt;
    private long lastId = -1;

    /**
     * @param groups the rendered filter's groups (empty for none)
     * @param from the first cursor time to read (inclusive), or null; ignored without a cursor
     */
    HubSpotSearchStream(HubSpotClient client, String objectName, Map<String, Property> properties,
            ReadRequest request, List<List<ObjectNode>> groups, Instant from) {
        super(client, objectName, properties, request);
        this.groups = groups;
        this.byCursor = request.hasCursor() && !keyOrderOnly(request);
        this.after = request.after();
        if (byCursor) {
            Instant start = from;
            if (after != null && after.modifiedTime() != null && (start == null
                    || after.modifiedTime().isAfter(start))) {
                start = after.modifiedTime();
            }
            bound = start == null ? null : Long.toString(start.toEpochMilli());
        } else {
            bound = after == null || after.key().isEmpty() ? null : after.key().get(0);
        }
    }

    /** A full read keyed on the record id goes in id order (a resumed list read continues that way). */
    static boolean keyOrderOnly(ReadRequest request) {
        return request.windowStart() == null && request.filter() == null
                && request.keyFields().equals(List.of("hs_object_id"));
    }

    @Override
    protected void fetch() {
        String sort = byCursor ? request.cursorField() : "hs_object_id";
        ObjectNode boundFilter = bound == null ? null
                : HubSpotSearch.filter(sort, byCursor ? "GTE" : "GT", bound);
        String body = HubSpotSearch.body(groups, boundFilter, sort, asked(), PAGE, offset);
        Page page = HubSpotJson.page(client.ok("POST", "/crm/v3/objects/" + objectName + "/search", body,
                "search of " + objectName));
        for (JsonNode result : page.results()) {
            if (exhausted) {
                break;
            }
            take(row(result));
        }
        if (exhausted || page.after() == null) {
            finish();
        } else if (nextOffset(page.after()) + PAGE > MAX_RESULTS) {
            restart();
        } else {
            offset = nextOffset(page.after());
        }
    }

    /** Search pages by a numeric offset; anything else is an unexpected answer. */
    private static int nextOffset(String after) {
        try {
            return Integer.parseInt(after.trim());
        } catch (NumberFormatException e) {
            throw HubSpotJson.malformed("a search answer whose paging.next.after is not an offset");
        }
    }

    private void take(Row row) {
        boolean pastEnd = request.windowEnd() != null && row.modified() != null
                && !row.modified().isBefore(request.windowEnd());
        if (!byCursor) {
            lastId = row.id();
            if (!pastEnd) {
                ready.add(row);
            }
            return;
        }
        if (row.modified() == null) {
            return; // sorted last; such records cannot be resumed after, like NULL cursors in SQL sources
        }
        if (pastEnd) {
            exhausted = true; // ascending: everything after is past the end too
            return;
        }
        if (tiedAt != null && row.modified().equals(tiedAt)) {
            if (tiedIds.add(row.id())) {
                tied.add(row);
            }
            return;
        }
        release();
        tiedAt = row.modified();
        tied.add(row);
        tiedIds.add(row.id());
    }

    /** Hands on the records tied on one time in key order, minus those at or before the resume position. */
    private void release() {
        tied.sort(Comparator.comparing(Row::key, HubSpotRecordStream::compareKeys));
        for (Row row : tied) {
            if (after == null || after.modifiedTime() == null || row.modified().isAfter(after.modifiedTime())
                    || request.keyFields().isEmpty()
                    || compareKeys(row.key(), after.key()) > 0) {
                ready.add(row);
            }
        }
        tied.clear();
        tiedIds.clear();
    }

    private void finish() {
        release();
        exhausted = true;
    }

    /** A new search from the last value seen, before paging would pass HubSpot's 10,000-result cap. */
    private void restart() {
        String next = byCursor ? (tiedAt == null ? bound : Long.toString(tiedAt.toEpochMilli()))
                : Long.toString(lastId);
        if (next == null || next.equals(bound) && byCursor) {
            throw new ConnectorException(Reason.REFUSED, "more than " + MAX_RESULTS + " hubspot " + objectName
                    + " records share the " + request.cursorField() + " value " + (tiedAt == null ? "" : tiedAt)
                    + ", more than one search can page through");
        }
        bound = next;
        offset = 0;
    }
}
