package io.crmsync.config.ascode;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.crmsync.config.ascode.ConfigDocument.ConnectionEntry;
import io.crmsync.config.ascode.ConfigDocument.EndpointEntry;
import io.crmsync.config.ascode.ConfigDocument.IntegrationEntry;
import io.crmsync.config.ascode.ConfigDocument.LookupEntry;
import io.crmsync.config.ascode.ConfigDocument.LookupRow;
import io.crmsync.config.connection.ConnectionEntity;
import io.crmsync.config.endpoint.EndpointEntity;
import io.crmsync.config.integration.IntegrationDeclarations;
import io.crmsync.config.integration.IntegrationEntity;
import io.crmsync.config.integration.IntegrationRequest;
import io.crmsync.config.integration.point.PointStore;
import io.crmsync.config.lookup.LookupEntity;
import io.crmsync.config.lookup.LookupStore;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Reads the whole configuration, credentials excepted, into one document, in one transaction. */
@ApplicationScoped
public class ConfigExporter {

    private final PointStore points;
    private final LookupStore lookups;

    ConfigExporter(PointStore points, LookupStore lookups) {
        this.points = points;
        this.lookups = lookups;
    }

    @Transactional
    public ConfigDocument export() {
        List<EndpointEntity> endpoints = EndpointEntity.listAll(Sort.by("name"));
        Map<UUID, String> endpointNames = endpoints.stream().collect(Collectors.toMap(e -> e.id, e -> e.name));
        List<ConnectionEntity> connections = ConnectionEntity.listAll(Sort.by("name"));
        Map<UUID, String> connectionNames = connections.stream().collect(Collectors.toMap(c -> c.id, c -> c.name));
        List<IntegrationEntity> integrations = IntegrationEntity.listAll(Sort.by("name"));
        return new ConfigDocument(
                endpoints.stream().map(e -> new EndpointEntry(e.name, e.type, new TreeMap<>(e.settings))).toList(),
                connections.stream().map(c -> new ConnectionEntry(c.name, endpointNames.get(c.homeEndpointId),
                        endpointNames.get(c.remoteEndpointId))).toList(),
                LookupEntity.<LookupEntity> listAll(Sort.by("name")).stream().map(this::entryOf).toList(),
                integrations.stream().map(i -> entryOf(i, connectionNames.get(i.connectionId))).toList());
    }

    private LookupEntry entryOf(LookupEntity lookup) {
        return new LookupEntry(lookup.name, lookup.description, lookups.entries(lookup.id, null).stream()
                .map(e -> new LookupRow(e.source(), e.target())).toList());
    }

    private IntegrationEntry entryOf(IntegrationEntity integration, String connection) {
        IntegrationRequest r = IntegrationDeclarations.asRequest(integration, points.listFor(integration.id));
        return new IntegrationEntry(r.name(), r.description(), connection, r.allowNewRecords(), r.updateExisting(),
                r.failureThreshold(), r.points(), r.conflictPolicy(), r.accountAllowList(), r.accountDenyList(),
                r.notificationRecipients(), r.schedule(), r.fullSyncSchedule(), r.syncImmediately(), r.startTime(),
                integration.active);
    }
}
