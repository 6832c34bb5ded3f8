package io.crmsync.worker.connector.dynamics;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvTable;
import io.crmsync.worker.connector.dynamics.DynamicsJson.Page;

/**
 * A query's rows, fetched a page at a time: the next page is requested through {@code @odata.nextLink} (same
 * {@code Prefer: odata.maxpagesize}, as the API asks) only when the current one is used up, so memory holds one page.
 */
final class DynamicsRecordStream implements RecordStream {

    /** The Web API's default and largest page. */
    static final int MAX_PAGE = 5000;

    private final DynamicsClient client;
    private final DvTable table;
    private final ReadRequest request;
    private final Map<String, String> headers;
    private Iterator<JsonNode> page = List.<JsonNode>of().iterator();
    private String next;

    DynamicsRecordStream(DynamicsClient client, DvTable table, ReadRequest request, String firstPath) {
        this.client = client;
        this.table = table;
        this.request = request;
        this.headers = Map.of("Prefer", "odata.maxpagesize=" + Math.max(1, Math.min(MAX_PAGE, request.fetchSize())));
        this.next = firstPath;
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && next != null) {
            Page answer = DynamicsJson.page(client.ok("GET", next, null, headers, "query on " + table.entitySet()));
            page = answer.rows().iterator();
            next = answer.nextLink();
        }
        return page.hasNext();
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode row = page.next();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : request.fields()) {
            try {
                values.put(field, DynamicsValues.read(table.column(field), row.get(field)));
            } catch (NumberFormatException | java.time.DateTimeException | IndexOutOfBoundsException e) {
                // A value the column's type cannot hold is an unexpected answer, not a crash.
                throw DynamicsJson.malformed("a row with an unreadable value of column " + field);
            }
        }
        List<String> key = new ArrayList<>();
        request.keyFields().forEach(k -> key.add(DynamicsValues.text(values.get(k))));
        return new SourceRecord(values, new Position(
                request.hasCursor() ? DynamicsValues.instant(values.get(request.cursorField())) : null, key));
    }

    @Override
    public void close() {
        next = null;
        page = List.<JsonNode>of().iterator();
    }
}
