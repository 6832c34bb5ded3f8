package io.crmsync.scheduler.schedule;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.config.v1.Integration;
import io.grpc.Status;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Brings the schedules in step with config-service, which owns the integrations: one integration when
 * config-service says it changed ({@code SyncIntegration}), and all of them periodically, which also repairs
 * any change whose notice was lost and forgets deleted integrations.
 */
@ApplicationScoped
public class ScheduleSync {

    private static final Logger LOG = Logger.getLogger(ScheduleSync.class);

    private final ConfigReader config;
    private final ScheduleStore store;

    ScheduleSync(ConfigReader config, ScheduleStore store) {
        this.config = config;
        this.store = store;
    }

    /** Reads one integration now; empty when config-service no longer has it (its schedule is then removed). */
    public Optional<ScheduleEntity> sync(String integrationId) {
        try {
            return Optional.of(store.apply(config.integration(integrationId)));
        } catch (CrmsyncException e) {
            if (e.code().grpcCode() == Status.Code.NOT_FOUND) {
                store.remove(integrationId);
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Reads every integration; returns how many there are. */
    public int syncAll() {
        // Known before reading: a schedule another replica or a change notice creates meanwhile needs no second look.
        List<String> known = store.integrationIds();
        Set<String> seen = new HashSet<>();
        String token = "";
        do {
            ConfigReader.Page page = config.integrations(token);
            for (Integration integration : page.integrations()) {
                seen.add(integration.getId());
                try {
                    store.apply(integration);
                } catch (RuntimeException e) {
                    // e.g. a cadence this scheduler cannot plan: keep the others in step, report this one
                    LOG.warnf("schedule not updated integration_id=%s version=%d: %s", integration.getId(),
                            integration.getVersion(), e.getMessage());
                }
            }
            token = page.nextPageToken();
        } while (!token.isEmpty());
        for (String integrationId : known) {
            if (!seen.contains(integrationId)) {
                // Asked on its own before it is forgotten: pages by offset miss an integration when others are
                // created or deleted while they are read.
                sync(integrationId);
            }
        }
        LOG.debugf("schedules reconciled integrations=%d", seen.size());
        return seen.size();
    }
}
