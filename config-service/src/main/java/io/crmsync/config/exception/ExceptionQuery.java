package io.crmsync.config.exception;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;

/**
 * The filters of exception listings as query parameters: ids ({@code integrationId}, {@code runId},
 * {@code integrationPointId}, {@code messageId}), {@code state} (repeatable or comma-separated, e.g.
 * {@code OPEN,RETRYING}), {@code code}, {@code kind}, and {@code since}/{@code until} (ISO-8601 instants, last
 * seen, until exclusive). Bad values are refused naming the parameter.
 */
record ExceptionQuery(String integrationId, String runId, String integrationPointId, String messageId,
        List<String> states, String code, String kind, String since, String until) {

    ListExceptionMessagesRequest.Builder messages() {
        ListExceptionMessagesRequest.Builder request = ListExceptionMessagesRequest.newBuilder()
                .setIntegrationId(id("integrationId", integrationId)).setRunId(id("runId", runId))
                .setIntegrationPointId(id("integrationPointId", integrationPointId))
                .setCode(code == null ? "" : code.trim());
        states(request::addStates);
        if (kind != null && !kind.isBlank()) {
            request.setKind(kind(kind.trim()));
        }
        if (since != null) {
            request.setSeenAfter(Timestamps.of(instant("since", since)));
        }
        if (until != null) {
            request.setSeenBefore(Timestamps.of(instant("until", until)));
        }
        return request;
    }

    ListExceptionItemsRequest.Builder items() {
        ListExceptionItemsRequest.Builder request = ListExceptionItemsRequest.newBuilder()
                .setMessageId(id("messageId", messageId)).setIntegrationId(id("integrationId", integrationId))
                .setRunId(id("runId", runId)).setIntegrationPointId(id("integrationPointId", integrationPointId))
                .setCode(code == null ? "" : code.trim());
        states(request::addStates);
        if (request.getMessageId().isEmpty() && request.getIntegrationId().isEmpty()
                && request.getRunId().isEmpty()) {
            throw CrmsyncException.invalidField("integrationId",
                    "is required unless runId or messageId narrows the items");
        }
        return request;
    }

    private void states(Consumer<ExceptionState> add) {
        for (String given : states == null ? List.<String> of() : states) {
            for (String state : given.split(",")) {
                if (!state.isBlank()) {
                    add.accept(state(state.trim()));
                }
            }
        }
    }

    private static String id(String field, String value) {
        Object id = Ids.parseOptional(field, value);
        return id == null ? "" : id.toString();
    }

    private static ExceptionState state(String name) {
        List<String> known = new ArrayList<>();
        for (ExceptionState state : ExceptionState.values()) {
            if (state == ExceptionState.EXCEPTION_STATE_UNSPECIFIED || state == ExceptionState.UNRECOGNIZED) {
                continue;
            }
            String wire = state.name().substring("EXCEPTION_STATE_".length());
            if (wire.equals(name.toUpperCase(Locale.ROOT))) {
                return state;
            }
            known.add(wire);
        }
        throw CrmsyncException.invalidField("state", "must be one of " + String.join(", ", known));
    }

    private static ExceptionKind kind(String name) {
        List<String> known = new ArrayList<>();
        for (ExceptionKind kind : ExceptionKind.values()) {
            if (kind == ExceptionKind.EXCEPTION_KIND_UNSPECIFIED || kind == ExceptionKind.UNRECOGNIZED) {
                continue;
            }
            String wire = kind.name().substring("EXCEPTION_KIND_".length()).toLowerCase(Locale.ROOT);
            if (wire.equals(name.toLowerCase(Locale.ROOT))) {
                return kind;
            }
            known.add(wire);
        }
        throw CrmsyncException.invalidField("kind", "must be one of " + String.join(", ", known));
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw CrmsyncException.invalidField(field, "must be an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
    }
}
