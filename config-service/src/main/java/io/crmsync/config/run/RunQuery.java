package io.crmsync.config.run;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.ListRunsRequest;
import io.crmsync.proto.scheduler.v1.RunState;

/**
 * The filters of a run listing as query parameters: {@code state} (repeatable or comma-separated, e.g.
 * {@code FAILED,PARTIAL}), {@code since} and {@code until} (ISO-8601 instants, creation time, until exclusive).
 */
final class RunQuery {

    private RunQuery() {
    }

    static ListRunsRequest.Builder request(String integrationId, List<String> states, String since, String until) {
        ListRunsRequest.Builder request = ListRunsRequest.newBuilder()
                .setIntegrationId(integrationId == null ? "" : integrationId);
        for (String given : states == null ? List.<String> of() : states) {
            for (String state : given.split(",")) {
                request.addStates(state(state.trim()));
            }
        }
        if (since != null) {
            request.setCreatedAfter(Timestamps.of(instant("since", since)));
        }
        if (until != null) {
            request.setCreatedBefore(Timestamps.of(instant("until", until)));
        }
        return request;
    }

    private static RunState state(String name) {
        List<String> known = new ArrayList<>();
        for (RunState state : RunState.values()) {
            if (state == RunState.RUN_STATE_UNSPECIFIED || state == RunState.UNRECOGNIZED) {
                continue;
            }
            String wire = state.name().substring("RUN_STATE_".length());
            if (wire.equals(name.toUpperCase(Locale.ROOT))) {
                return state;
            }
            known.add(wire);
        }
        throw CrmsyncException.invalidField("state", "must be one of " + String.join(", ", known));
    }

    private static Instant instant(String field, String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw CrmsyncException.invalidField(field, "must be an ISO-8601 instant such as 2026-01-31T08:00:00Z");
        }
    }
}
