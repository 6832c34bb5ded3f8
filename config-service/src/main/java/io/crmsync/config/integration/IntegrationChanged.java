package io.crmsync.config.integration;

import java.util.UUID;

/**
 * An integration was created, changed (new version) or deleted. Fired inside the changing transaction; the
 * scheduler is told after it commits ({@code run.ScheduleNotifier}).
 */
public record IntegrationChanged(UUID integrationId) {
}
