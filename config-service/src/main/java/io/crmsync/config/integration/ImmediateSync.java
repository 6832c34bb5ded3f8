package io.crmsync.config.integration;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Starts a run right after an active integration with {@code syncImmediately} was saved or activated. Runs after
 * the change committed; a failure to start is reported beside the saved integration, never as an error of the save.
 */
@ApplicationScoped
public class ImmediateSync {

    private static final Logger LOG = Logger.getLogger(ImmediateSync.class);

    private final RunStarter runs;

    ImmediateSync(RunStarter runs) {
        this.runs = runs;
    }

    /** The run started, or null when the integration does not ask for one. */
    ImmediateRun after(IntegrationDefinition saved) {
        IntegrationEntity integration = saved.integration();
        if (!integration.active || !integration.syncImmediately) {
            return null;
        }
        try {
            return ImmediateRun.started(runs.startRun(integration.id));
        } catch (CrmsyncException e) {
            LOG.warnf("immediate run not started integration_id=%s reason=%s", integration.id, e.code().reason());
            return ImmediateRun.failed(e.code().reason(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "immediate run not started integration_id=%s", integration.id);
            return ImmediateRun.failed(ErrorCode.INTERNAL.reason(), "the run could not be started; see the service log");
        }
    }
}
