package io.crmsync.config.integration;

import java.time.temporal.ChronoUnit;
import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.config.integration.point.PointRequest;
import io.crmsync.config.integration.settings.CadenceRules;
import io.crmsync.config.integration.settings.ConflictPolicy;
import io.crmsync.config.integration.settings.SettingsRules;

/** Checks and applies the settings of an integration request beyond name, connection and switches. */
final class IntegrationSettings {

    private IntegrationSettings() {
    }

    /** Validates everything first, so a refused request leaves the entity untouched. */
    static void apply(IntegrationEntity integration, IntegrationRequest request) {
        SettingsRules.checkAccountLists(orEmpty(request.accountAllowList()), orEmpty(request.accountDenyList()));
        SettingsRules.checkRecipients(orEmpty(request.notificationRecipients()));
        CadenceRules.check("schedule", request.schedule());
        CadenceRules.check("fullSyncSchedule", request.fullSyncSchedule());
        integration.conflictPolicy = request.conflictPolicy() == null ? ConflictPolicy.SOURCE_WINS
                : request.conflictPolicy();
        integration.accountAllowList = List.copyOf(orEmpty(request.accountAllowList()));
        integration.accountDenyList = List.copyOf(orEmpty(request.accountDenyList()));
        integration.notificationRecipients = List.copyOf(orEmpty(request.notificationRecipients()));
        integration.schedule = request.schedule();
        integration.fullSyncSchedule = request.fullSyncSchedule();
        integration.syncImmediately = Boolean.TRUE.equals(request.syncImmediately());
        integration.startTime = request.startTime() == null ? null : request.startTime().truncatedTo(ChronoUnit.MICROS);
    }

    static boolean filtersAccounts(IntegrationEntity integration) {
        return !integration.accountAllowList.isEmpty() || !integration.accountDenyList.isEmpty();
    }

    /** On create: every requested point needs an accountField when the integration filters accounts. */
    static void requireAccountFields(IntegrationEntity integration, List<PointRequest> points) {
        if (!filtersAccounts(integration)) {
            return;
        }
        for (int i = 0; i < points.size(); i++) {
            if (points.get(i).accountField() == null) {
                throw CrmsyncException.invalidField("points[" + i + "].accountField",
                        "is required because the integration has an account allow-list or deny-list");
            }
        }
    }

    /** On update: setting a list needs an accountField on every existing point. */
    static void requireAccountFieldsOn(IntegrationEntity integration, List<PointEntity> points) {
        if (!filtersAccounts(integration)) {
            return;
        }
        String list = integration.accountAllowList.isEmpty() ? "accountDenyList" : "accountAllowList";
        for (PointEntity point : points) {
            if (point.accountField == null) {
                throw CrmsyncException.invalidField(list,
                        "needs an accountField on every point; point '" + point.name + "' has none");
            }
        }
    }

    /** On a point change: the point needs an accountField when the integration filters accounts. */
    static void requireAccountField(IntegrationEntity integration, PointRequest point) {
        if (filtersAccounts(integration) && point.accountField() == null) {
            throw CrmsyncException.invalidField("accountField",
                    "is required because the integration has an account allow-list or deny-list");
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
