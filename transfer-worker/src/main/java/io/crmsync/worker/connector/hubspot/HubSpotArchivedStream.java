package io.crmsync.worker.connector.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Page;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * The records archived (deleted) within a read's window, for operation IMPORT_DELETED: HubSpot lists archived
 * records ({@code archived=true}, each with {@code archivedAt}) but neither filters nor sorts them by that time, so
 * the stream pages through the whole archive once, keeps the window's records after the resume position, and hands
 * them on in (archivedAt, key) order. Memory holds the window's deletions only; the archive itself is bounded by
 * HubSpot's {@value #RETENTION_DAYS}-day retention.
 */
final class HubSpotArchivedStream extends HubSpotRecordStream {

    /** HubSpot keeps archived (deleted) records restorable, and listed, for 90 days. */
    static final int RETENTION_DAYS = 90;

    private String after;
    private final List<Row> kept = new ArrayList<>();

    HubSpotArchivedStream(HubSpotClient client, String objectName, Map<String, Property> properties,
            ReadRequest request) {
        super(client, objectName, properties, request);
        if (request.windowStart() != null
                && request.windowStart().isBefore(Instant.now().minus(RETENTION_DAYS, ChronoUnit.DAYS))) {
            throw new ConnectorException(Reason.CONFIGURATION, "hubspot keeps archived " + objectName + " for "
                    + RETENTION_DAYS + " days, but this run's window starts at " + request.windowStart()
                    + "; deletions before then can no longer be read: run a full sync of the target to catch up");
        }
    }

    @Override
    protected void fetch() {
        String path = "/crm/v3/objects/" + objectName + "?limit=" + HubSpotListStream.PAGE
                + "&archived=true&properties=" + URLEncoder.encode(String.join(",", request.fields()),
                        StandardCharsets.UTF_8)
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        Page page = HubSpotJson.page(client.ok("GET", path, null, "list of archived " + objectName));
        for (JsonNode result : page.results()) {
            JsonNode archivedAt = result.get("archivedAt");
            if (archivedAt == null || !archivedAt.isTextual()) {
                continue;
            }
            Row row = row(result);
            Row deleted = new Row(row.values(), HubSpotValues.instant(archivedAt.asText()), row.key(), row.id());
            if (inWindow(deleted)) {
                kept.add(deleted);
            }
        }
        after = page.after();
        if (after == null) {
            kept.sort(Comparator.comparing(Row::modified).thenComparing(Row::key, HubSpotRecordStream::compareKeys));
            ready.addAll(kept);
            kept.clear();
            exhausted = true;
        }
    }

    private boolean inWindow(Row row) {
        Instant t = row.modified();
        if (request.windowStart() != null && t.isBefore(request.windowStart())
                || request.windowEnd() != null && !t.isBefore(request.windowEnd())) {
            return false;
        }
        Position from = request.after();
        if (from == null || from.modifiedTime() == null) {
            return true;
        }
        int c = t.compareTo(from.modifiedTime());
        return c > 0 || c == 0 && compareKeys(row.key(), from.key()) > 0;
    }

    /** The cursor field is not read for deletions: the archive time stands in for it. */
    @Override
    protected List<String> asked() {
        return request.fields();
    }
}
