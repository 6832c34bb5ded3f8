package io.crmsync.worker.connector.hubspot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.worker.connector.CommitGuard;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.RecordStream;
import io.crmsync.worker.connector.SourceSession;
import io.crmsync.worker.connector.TargetRow;
import io.crmsync.worker.connector.TargetSession;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.hubspot.HubSpotJson.Property;

/**
 * A session with one portal, for reading and writing. Object names are {@code contacts}, {@code companies},
 * {@code deals} and the like, or a custom object's {@code p_…} name or {@code 2-…} type id.
 */
final class HubSpotSession implements SourceSession, TargetSession {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*|p_[A-Za-z0-9_]+|[02]-\\d+");

    private final HubSpotClient client;
    private final String serverVersion;
    private final Map<String, Optional<Map<String, Property>>> described = new HashMap<>();

    HubSpotSession(HubSpotClient client, String serverVersion) {
        this.client = client;
        this.serverVersion = serverVersion;
    }

    @Override
    public String serverVersion() {
        return serverVersion;
    }

    @Override
    public Optional<ObjectDescription> describe(String objectName) {
        return properties(objectName).map(p -> HubSpotJson.describe(objectName, List.copyOf(p.values())));
    }

    /** Archived records of the window (IMPORT_DELETED), from the archive list. */
    @Override
    public RecordStream readDeleted(ReadRequest request) {
        if (request.filter() != null) {
            // The archive list cannot be searched; deleting every archived record instead would be data loss.
            throw new ConnectorException(Reason.CONFIGURATION, "hubspot cannot filter archived records, so operation "
                    + "IMPORT_DELETED from hubspot takes no filter, record list or account list");
        }
        Map<String, Property> props = required(request.objectName());
        for (String field : request.keyFields()) {
            requireProperty(props, request.objectName(), field);
        }
        return new HubSpotArchivedStream(client, request.objectName(), props, request);
    }

    /**
     * Full reads keyed on {@code hs_object_id} go through the list endpoint; windowed, filtered or otherwise keyed
     * reads through search on the cursor. Search is eventually consistent: a record written just before a run may
     * not be searchable yet. So a windowed read starts {@code searchLag} before its window: what the previous run
     * could not see yet is read now, at the price of reading the lag's worth of records twice (upserts make that
     * harmless). The watermark itself stays where the scheduler puts it.
     */
    @Override
    public RecordStream read(ReadRequest request) {
        Map<String, Property> props = required(request.objectName());
        if (request.range() != null) {
            throw new ConnectorException(Reason.CONFIGURATION, "hubspot reads cannot be split into key ranges");
        }
        for (String field : request.fields()) {
            requireProperty(props, request.objectName(), field);
        }
        if (request.hasCursor() && !requireProperty(props, request.objectName(), request.cursorField()).temporal()) {
            throw new ConnectorException(Reason.CONFIGURATION, "hubspot property " + request.objectName() + "."
                    + request.cursorField() + " is not a date or datetime, so it cannot be a cursor");
        }
        if (!request.hasCursor() && !request.keyFields().equals(List.of("hs_object_id"))) {
            throw new ConnectorException(Reason.CONFIGURATION, "a hubspot read without a cursor field goes in record "
                    + "id order and needs the match key hs_object_id; use lastmodifieddate (contacts) or "
                    + "hs_lastmodifieddate as the cursor");
        }
        boolean idOrder = HubSpotSearchStream.keyOrderOnly(request);
        if (idOrder && request.after() == null) {
            return new HubSpotListStream(client, request.objectName(), props, request);
        }
        List<List<ObjectNode>> groups = new ArrayList<>();
        if (request.filter() != null) {
            List<String> problems = HubSpotSearch.problems(props, request.filter(), client.settings().timeZone());
            if (!problems.isEmpty()) {
                throw new ConnectorException(Reason.CONFIGURATION, String.join("; ", problems));
            }
            for (List<FilterExpression> group : HubSpotSearch.groups(request.filter())) {
                groups.add(HubSpotSearch.render(props, group, client.settings().timeZone()));
            }
        }
        Instant from = request.windowStart() == null ? null
                : request.windowStart().minus(client.settings().searchLag());
        return new HubSpotSearchStream(client, request.objectName(), props, request, groups, from);
    }

    @Override
    public List<String> filterProblems(String objectName, FilterExpression filter) {
        return properties(objectName)
                .map(p -> HubSpotSearch.problems(p, filter, client.settings().timeZone()))
                .orElse(List.of("hubspot object " + objectName + " does not exist"));
    }

    @Override
    public List<WriteResult> write(WriteSpec spec, List<TargetRow> rows, CommitGuard guard) {
        Map<String, Property> props = required(spec.objectName());
        return new HubSpotWriter(client, spec.objectName(), props).write(spec, rows, guard);
    }

    static Property requireProperty(Map<String, Property> props, String objectName, String name) {
        Property p = props.get(name);
        if (p == null) {
            throw new ConnectorException(Reason.CONFIGURATION, "hubspot object " + objectName + " has no property "
                    + name);
        }
        return p;
    }

    private Map<String, Property> required(String objectName) {
        return properties(objectName).orElseThrow(() -> new ConnectorException(Reason.CONFIGURATION,
                "hubspot object " + objectName + " does not exist or this token lacks its scope"));
    }

    /** The object's properties by name, asked once per session; empty when the portal has no such object. */
    private Optional<Map<String, Property>> properties(String objectName) {
        if (!NAME.matcher(objectName).matches()) {
            throw new ConnectorException(Reason.CONFIGURATION, "'" + objectName + "' is not a hubspot object name "
                    + "(e.g. contacts, companies, deals, a custom object's p_name or its 2-12345 type id)");
        }
        Optional<Map<String, Property>> known = described.get(objectName);
        if (known == null) {
            HubSpotClient.Response response = client.call("GET", "/crm/v3/properties/" + objectName, null);
            if (response.status() == 404 || response.status() == 400) {
                known = Optional.empty();
            } else if (response.ok()) {
                Map<String, Property> byName = new LinkedHashMap<>();
                HubSpotJson.properties(response.body()).forEach(p -> byName.put(p.name(), p));
                known = Optional.of(byName);
            } else {
                throw client.failure(response, "describe of " + objectName);
            }
            described.put(objectName, known);
        }
        return known;
    }

    @Override
    public void close() {
        described.clear();
    }
}
