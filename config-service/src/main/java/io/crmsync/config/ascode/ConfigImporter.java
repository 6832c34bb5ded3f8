package io.crmsync.config.ascode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.ascode.ConfigDocument.ConnectionEntry;
import io.crmsync.config.ascode.ConfigDocument.EndpointEntry;
import io.crmsync.config.ascode.ConfigDocument.IntegrationEntry;
import io.crmsync.config.ascode.ConfigDocument.LookupEntry;
import io.crmsync.config.ascode.ConfigDocument.LookupRow;
import io.crmsync.config.ascode.ImportResult.Outcome;
import io.crmsync.config.connection.ConnectionEntity;
import io.crmsync.config.connection.ConnectionRegistry;
import io.crmsync.config.connection.ConnectionRequest;
import io.crmsync.config.endpoint.EndpointEntity;
import io.crmsync.config.endpoint.EndpointRegistry;
import io.crmsync.config.endpoint.EndpointRequest;
import io.crmsync.config.integration.IntegrationActivation;
import io.crmsync.config.integration.IntegrationDeclarations;
import io.crmsync.config.integration.IntegrationEntity;
import io.crmsync.config.integration.IntegrationRequest;
import io.crmsync.config.lookup.LookupCsv;
import io.crmsync.config.lookup.LookupEntity;
import io.crmsync.config.lookup.LookupRequest;
import io.crmsync.config.lookup.LookupStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Makes the stored configuration match a document, by name, in one transaction: what is missing is created,
 * what differs is changed, what is equal is left alone (same version). Nothing is deleted; credentials are
 * untouched. Errors name the document's field, e.g. {@code integrations[2].points[0].matchKey}.
 */
@ApplicationScoped
public class ConfigImporter {

    private static final Logger LOG = Logger.getLogger(ConfigImporter.class);

    private final EndpointRegistry endpoints;
    private final ConnectionRegistry connections;
    private final IntegrationDeclarations declarations;
    private final IntegrationActivation activation;
    private final LookupStore lookups;

    ConfigImporter(EndpointRegistry endpoints, ConnectionRegistry connections, IntegrationDeclarations declarations,
            IntegrationActivation activation, LookupStore lookups) {
        this.endpoints = endpoints;
        this.connections = connections;
        this.declarations = declarations;
        this.activation = activation;
        this.lookups = lookups;
    }

    @Transactional
    public ImportResult importDocument(ConfigDocument document) {
        ImportResult result = new ImportResult(0, 0, 0);
        List<EndpointEntry> endpointEntries = orEmpty(document.endpoints());
        requireDistinctNames("endpoints", endpointEntries, EndpointEntry::name);
        for (int i = 0; i < endpointEntries.size(); i++) {
            EndpointEntry entry = endpointEntries.get(i);
            result = result.plus(prefixed("endpoints[" + i + "].", () -> importEndpoint(entry)));
        }
        List<ConnectionEntry> connectionEntries = orEmpty(document.connections());
        requireDistinctNames("connections", connectionEntries, ConnectionEntry::name);
        for (int i = 0; i < connectionEntries.size(); i++) {
            ConnectionEntry entry = connectionEntries.get(i);
            result = result.plus(prefixed("connections[" + i + "].", () -> importConnection(entry)));
        }
        // Lookups before integrations: activating an integration checks that its rules' lookups exist.
        List<LookupEntry> lookupEntries = orEmpty(document.lookups());
        requireDistinctNames("lookups", lookupEntries, LookupEntry::name);
        for (int i = 0; i < lookupEntries.size(); i++) {
            LookupEntry entry = lookupEntries.get(i);
            result = result.plus(prefixed("lookups[" + i + "].", () -> importLookup(entry)));
        }
        List<IntegrationEntry> integrationEntries = orEmpty(document.integrations());
        requireDistinctNames("integrations", integrationEntries, IntegrationEntry::name);
        for (int i = 0; i < integrationEntries.size(); i++) {
            IntegrationEntry entry = integrationEntries.get(i);
            result = result.plus(prefixed("integrations[" + i + "].", () -> importIntegration(entry)));
        }
        LOG.infof("configuration imported created=%d changed=%d unchanged=%d", result.created(), result.changed(),
                result.unchanged());
        return result;
    }

    private Outcome importEndpoint(EndpointEntry entry) {
        EndpointRequest request = new EndpointRequest(entry.name(), entry.type(), entry.settings());
        Optional<EndpointEntity> found = EndpointEntity.find("name", entry.name()).firstResultOptional();
        if (found.isEmpty()) {
            endpoints.create(request);
            return Outcome.CREATED;
        }
        EndpointEntity endpoint = found.get();
        if (endpoint.type != entry.type()) {
            throw CrmsyncException.invalidField("type", "differs from the stored endpoint's; a type cannot change");
        }
        if (endpoint.settings.equals(entry.settings())) {
            return Outcome.UNCHANGED;
        }
        endpoints.update(endpoint.id, null, request);
        return Outcome.CHANGED;
    }

    private Outcome importLookup(LookupEntry entry) {
        List<LookupCsv.Entry> rows = new ArrayList<>();
        Set<String> sources = new HashSet<>();
        List<LookupRow> given = orEmpty(entry.rows());
        for (int r = 0; r < given.size(); r++) {
            if (!sources.add(given.get(r).source())) {
                throw CrmsyncException.invalidField("rows[" + r + "].source",
                        "'" + given.get(r).source() + "' is listed twice; each source value maps to one target");
            }
            rows.add(new LookupCsv.Entry(given.get(r).source(), given.get(r).target()));
        }
        Optional<LookupEntity> found = lookups.findByName(entry.name());
        if (found.isEmpty()) {
            LookupEntity created = lookups.create(new LookupRequest(entry.name(), entry.description()));
            lookups.replaceEntries(created.id, rows);
            return Outcome.CREATED;
        }
        LookupEntity lookup = found.get();
        boolean sameRows = lookups.entries(lookup.id, null).equals(rows);
        if (sameRows && Objects.equals(lookup.description, entry.description())) {
            return Outcome.UNCHANGED;
        }
        lookup.description = entry.description();
        if (!sameRows) {
            lookups.replaceEntries(lookup.id, rows);
        }
        return Outcome.CHANGED;
    }

    private Outcome importConnection(ConnectionEntry entry) {
        UUID home = endpointId("homeEndpoint", entry.homeEndpoint());
        UUID remote = endpointId("remoteEndpoint", entry.remoteEndpoint());
        Optional<ConnectionEntity> found = ConnectionEntity.find("name", entry.name()).firstResultOptional();
        if (found.isEmpty()) {
            connections.create(new ConnectionRequest(entry.name(), home, remote));
            return Outcome.CREATED;
        }
        if (!found.get().homeEndpointId.equals(home) || !found.get().remoteEndpointId.equals(remote)) {
            throw CrmsyncException.invalidField("remoteEndpoint",
                    "the stored connection of this name pairs other endpoints; a connection cannot be re-paired");
        }
        return Outcome.UNCHANGED;
    }

    private Outcome importIntegration(IntegrationEntry e) {
        ConnectionEntity connection = ConnectionEntity.<ConnectionEntity> find("name", e.connection())
                .firstResultOptional()
                .orElseThrow(() -> CrmsyncException.invalidField("connection", "names no connection"));
        IntegrationRequest request = new IntegrationRequest(e.name(), e.description(), connection.id,
                e.allowNewRecords(), e.updateExisting(), e.failureThreshold(), e.points(), e.conflictPolicy(),
                e.accountAllowList(), e.accountDenyList(), e.notificationRecipients(), e.schedule(),
                e.fullSyncSchedule(), e.syncImmediately(), e.startTime());
        IntegrationDeclarations.Declared declared = declarations.declare(e.name(), null, request);
        Outcome outcome = switch (declared.outcome()) {
            case CREATED -> Outcome.CREATED;
            case REPLACED -> Outcome.CHANGED;
            case UNCHANGED -> Outcome.UNCHANGED;
        };
        IntegrationEntity integration = declared.definition().integration();
        boolean wantActive = Boolean.TRUE.equals(e.active());
        if (e.active() != null && integration.active != wantActive) {
            if (wantActive) {
                activation.activate(integration.id, null);
            } else {
                activation.deactivate(integration.id, null);
            }
            return outcome == Outcome.CREATED ? outcome : Outcome.CHANGED;
        }
        return outcome;
    }

    private static UUID endpointId(String field, String name) {
        return EndpointEntity.<EndpointEntity> find("name", name).firstResultOptional()
                .map(endpoint -> endpoint.id)
                .orElseThrow(() -> CrmsyncException.invalidField(field, "names no endpoint"));
    }

    /** Runs {@code step}, naming any field it complains about within the document. */
    private static <T> T prefixed(String prefix, Supplier<T> step) {
        try {
            return step.get();
        } catch (CrmsyncException e) {
            if (e.field() == null) {
                throw e;
            }
            String field = prefix + e.field();
            String message = e.getMessage().startsWith(e.field() + ": ")
                    ? field + e.getMessage().substring(e.field().length()) : e.getMessage();
            throw new CrmsyncException(e.code(), message, field, e);
        }
    }

    private static <T> void requireDistinctNames(String list, List<T> entries, Function<T, String> name) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            if (!seen.add(name.apply(entries.get(i)))) {
                throw CrmsyncException.invalidField(list + "[" + i + "].name", "is listed twice");
            }
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
