package io.crmsync.config.integration;

import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.api.InvalidInputException;
import io.crmsync.config.api.Problem;
import io.crmsync.config.integration.point.PointStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Switches an integration's desired state. Switching to the state it already has changes nothing. */
@ApplicationScoped
public class IntegrationActivation {

    private static final Logger LOG = Logger.getLogger(IntegrationActivation.class);

    private final IntegrationCatalog catalog;
    private final PointStore points;
    private final ActivationCheck check;
    private final Clock clock;

    IntegrationActivation(IntegrationCatalog catalog, PointStore points, ActivationCheck check, Clock clock) {
        this.catalog = catalog;
        this.points = points;
        this.check = check;
        this.clock = clock;
    }

    /**
     * Activates after validating the mapping against the real objects, under the integration's row lock so no
     * edit slips in between. An invalid integration is refused with every problem listed.
     */
    @Transactional
    public IntegrationDefinition activate(UUID id, Long expectedVersion) {
        IntegrationEntity integration = catalog.lockForChange(id, expectedVersion);
        if (points.countFor(id) == 0) {
            throw new CrmsyncException(IntegrationErrors.INVALID,
                    "integration " + id + " has no integration point; add one before activating it");
        }
        if (!integration.active) {
            List<Problem.FieldError> problems = check.problems(catalog.definitionOf(integration));
            if (!problems.isEmpty()) {
                throw new InvalidInputException(IntegrationErrors.INVALID, problems.get(0).field(),
                        "the mapping is invalid (" + problems.size() + " problem" + (problems.size() == 1 ? "" : "s")
                                + "); fix it before activating: " + problems.get(0).detail(),
                        problems);
            }
        }
        return switchTo(integration, true);
    }

    @Transactional
    public IntegrationDefinition deactivate(UUID id, Long expectedVersion) {
        return switchTo(catalog.lockForChange(id, expectedVersion), false);
    }

    private IntegrationDefinition switchTo(IntegrationEntity integration, boolean active) {
        if (integration.active != active) {
            integration.active = active;
            if (active) {
                integration.activateTime = clock.instant().truncatedTo(ChronoUnit.MICROS); // no backfill before this
            }
            catalog.bump(integration);
            LOG.infof("integration %s integration_id=%s version=%d", active ? "activated" : "deactivated",
                    integration.id, integration.version);
        }
        return catalog.definitionOf(integration);
    }
}
