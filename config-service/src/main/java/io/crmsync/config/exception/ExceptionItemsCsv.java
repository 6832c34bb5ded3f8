package io.crmsync.config.exception;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.exception.v1.ExceptionItem;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.StreamingOutput;

/**
 * Exception items as CSV (RFC 4180), one row per item with the record snapshot as a JSON column, streamed page by
 * page from exception-service so an export of many items never sits in memory. The first page is read before the
 * response starts, so an unknown message or a bad filter still answers with a problem, not a broken download.
 */
@ApplicationScoped
class ExceptionItemsCsv {

    static final List<String> HEADER = List.of("item_id", "message_id", "integration_id", "integration_point_id",
            "operation", "record_key", "state", "side", "code", "message", "attempt_count", "first_seen_time",
            "last_seen_time", "last_run_id", "resolve_time", "payload");
    private static final int PAGE = 1000;

    private final ExceptionLogClient exceptions;

    ExceptionItemsCsv(ExceptionLogClient exceptions) {
        this.exceptions = exceptions;
    }

    StreamingOutput export(ListExceptionItemsRequest.Builder filters) {
        ListExceptionItemsRequest.Builder request = filters.clone().setPageSize(PAGE).setPageToken("");
        ListExceptionItemsResponse first = exceptions.items(request.build());
        return output -> {
            Writer writer = new OutputStreamWriter(output, StandardCharsets.UTF_8);
            try (CSVPrinter csv = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
                    .setHeader(HEADER.toArray(String[]::new)).get())) {
                ListExceptionItemsResponse page = first;
                while (true) {
                    for (ExceptionItem item : page.getItemsList()) {
                        print(csv, item);
                    }
                    if (page.getNextPageToken().isEmpty()) {
                        break;
                    }
                    csv.flush();
                    page = exceptions.items(request.setPageToken(page.getNextPageToken()).build());
                }
            }
        };
    }

    private static void print(CSVPrinter csv, ExceptionItem i) throws IOException {
        csv.printRecord(i.getId(), i.getMessageId(), i.getIntegrationId(), i.getIntegrationPointId(),
                ExceptionJsonMapper.operation(i.getOperation()), i.getRecordKey(),
                ExceptionJsonMapper.state(i.getState()), ExceptionJsonMapper.side(i.getSide()), i.getCode(),
                i.getMessage(), i.getAttemptCount(),
                i.hasCreateTime() ? Timestamps.toInstant(i.getCreateTime()) : "",
                i.hasLastSeenTime() ? Timestamps.toInstant(i.getLastSeenTime()) : "", i.getLastRunId(),
                i.hasResolveTime() ? Timestamps.toInstant(i.getResolveTime()) : "", i.getPayloadJson());
    }
}
