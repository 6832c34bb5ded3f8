package io.crmsync.worker.connector.salesforce;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.salesforce.SalesforceJson.QueryPage;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfObject;

/**
 * A SOQL query's records, fetched a page at a time: the next page is requested through {@code nextRecordsUrl}
 * only when the current one is used up, so memory holds one page.
 */
final class SalesforceRecordStream implements RecordStream {

    /** Salesforce's allowed range for {@code Sforce-Query-Options: batchSize}. */
    private static final int MIN_BATCH = 200;
    private static final int MAX_BATCH = 2000;

    private final SalesforceClient client;
    private final SfObject object;
    private final ReadRequest request;
    private final Map<String, String> headers;
    private Iterator<JsonNode> page;
    private String next;

    /** @param resource {@code query}, or {@code queryAll} to include deleted records */
    SalesforceRecordStream(SalesforceClient client, SfObject object, ReadRequest request, String resource,
            String soql) {
        this.client = client;
        this.object = object;
        this.request = request;
        this.headers = Map.of("Sforce-Query-Options", "batchSize="
                + Math.max(MIN_BATCH, Math.min(MAX_BATCH, request.fetchSize())));
        this.next = client.settings().dataPath() + "/" + resource + "?q="
                + URLEncoder.encode(soql, StandardCharsets.UTF_8);
        this.page = List.<JsonNode>of().iterator();
    }

    @Override
    public boolean hasNext() {
        while (!page.hasNext() && next != null) {
            fetch();
        }
        return page.hasNext();
    }

    @Override
    public SourceRecord next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode record = page.next();
        Map<String, Object> values = new LinkedHashMap<>();
        for (String field : request.fields()) {
            values.put(field, SalesforceValues.read(object.field(field), record.get(field)));
        }
        List<String> key = new ArrayList<>();
        request.keyFields().forEach(k -> key.add(SalesforceValues.text(values.get(k))));
        return new SourceRecord(values, new Position(
                request.hasCursor() ? SalesforceValues.instant(values.get(request.cursorField())) : null, key));
    }

    private void fetch() {
        QueryPage answer = SalesforceJson.queryPage(client.ok("GET", next, null, headers,
                "query on " + object.name()));
        page = answer.records().iterator();
        if (answer.done() || answer.nextRecordsUrl() == null) {
            next = null;
        } else if (answer.nextRecordsUrl().startsWith("/services/data/")) {
            next = answer.nextRecordsUrl();
        } else {
            throw new ConnectorException(Reason.TRANSIENT, "salesforce sent an unexpected answer: a nextRecordsUrl "
                    + "outside /services/data/");
        }
    }

    @Override
    public void close() {
        next = null;
        page = List.<JsonNode>of().iterator();
    }
}
