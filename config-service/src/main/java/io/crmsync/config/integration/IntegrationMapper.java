package io.crmsync.config.integration;

import java.util.List;

import io.crmsync.common.time.Timestamps;
import io.crmsync.config.integration.point.PointMapper;
import io.crmsync.config.integration.point.PointResponse;
import io.crmsync.config.integration.settings.SettingsMapper;
import io.crmsync.proto.config.v1.Integration;

/** Turns stored integrations into their REST and proto forms. */
public final class IntegrationMapper {

    private IntegrationMapper() {
    }

    static IntegrationResponse toResponse(IntegrationDefinition d) {
        return toResponse(d.integration(), d.points().stream().map(p -> PointMapper.toResponse(p, d.ends())).toList());
    }

    static IntegrationResponse toResponse(IntegrationEntity i, List<PointResponse> points) {
        return new IntegrationResponse(i.id, i.name, i.description, i.connectionId, i.active, i.allowNewRecords,
                i.updateExisting, i.failureThreshold, i.version, i.createTime, i.updateTime, points, i.conflictPolicy,
                i.accountAllowList, i.accountDenyList, i.notificationRecipients, i.schedule, i.fullSyncSchedule,
                i.syncImmediately, i.startTime, i.activateTime, null);
    }

    public static Integration toProto(IntegrationDefinition d) {
        IntegrationEntity i = d.integration();
        Integration.Builder wire = Integration.newBuilder()
                .setId(i.id.toString())
                .setName(i.name)
                .setDescription(i.description)
                .setConnectionId(i.connectionId.toString())
                .setVersion(i.version)
                .setActive(i.active)
                .setAllowNewRecords(i.allowNewRecords)
                .setUpdateExisting(i.updateExisting)
                .setFailureThreshold(i.failureThreshold)
                .addAllPoints(d.points().stream().map(p -> PointMapper.toProto(p, d.ends())).toList())
                .setCreateTime(Timestamps.of(i.createTime))
                .setUpdateTime(Timestamps.of(i.updateTime))
                .setConflictPolicy(i.conflictPolicy.toProto())
                .addAllAccountAllowList(i.accountAllowList)
                .addAllAccountDenyList(i.accountDenyList)
                .addAllNotificationRecipients(i.notificationRecipients.stream().map(SettingsMapper::toProto).toList())
                .setSyncImmediately(i.syncImmediately);
        if (i.schedule != null) {
            wire.setSchedule(SettingsMapper.toProto(i.schedule));
        }
        if (i.fullSyncSchedule != null) {
            wire.setFullSyncSchedule(SettingsMapper.toProto(i.fullSyncSchedule));
        }
        if (i.startTime != null) {
            wire.setStartTime(Timestamps.of(i.startTime));
        }
        if (i.activateTime != null) {
            wire.setActivateTime(Timestamps.of(i.activateTime));
        }
        return wire.build();
    }
}
