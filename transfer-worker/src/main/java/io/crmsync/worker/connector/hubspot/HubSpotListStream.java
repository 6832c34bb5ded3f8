package io.crmsync.worker.connector.hubspot;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Page;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * A full read through the list endpoint, 100 records a call in record-id order, only the mapped properties. The list
 * is consistent (search is not) and has no 10,000-result cap. Records changed at or after the window's end are
 * left to the next run, whose window starts there.
 */
final class HubSpotListStream extends HubSpotRecordStream {

    static final int PAGE = 100;

    private String after;

    HubSpotListStream(HubSpotClient client, String objectName, Map<String, Property> properties,
            ReadRequest request) {
        super(client, objectName, properties, request);
    }

    @Override
    protected void fetch() {
        String path = "/crm/v3/objects/" + objectName + "?limit=" + PAGE + "&archived=false&properties="
                + URLEncoder.encode(String.join(",", asked()), StandardCharsets.UTF_8)
                + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
        Page page = HubSpotJson.page(client.ok("GET", path, null, "list of " + objectName));
        for (JsonNode result : page.results()) {
            Row row = row(result);
            if (request.windowEnd() == null || row.modified() == null || row.modified().isBefore(request.windowEnd())) {
                ready.add(row);
            }
        }
        after = page.after();
        exhausted = after == null;
    }
}
