package io.crmsync.config.integration;

import java.util.UUID;

/**
 * Starts an incremental run of an active integration and returns the run's id. Implemented where runs live
 * ({@code run.RunLauncher}); declared here so integrations need not depend on the run package.
 */
public interface RunStarter {

    String startRun(UUID integrationId);
}
