package io.crmsync.scheduler.schedule;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.Schedule;

/** A stored schedule in its proto form. */
public final class ScheduleMapper {

    private ScheduleMapper() {
    }

    public static Schedule toProto(ScheduleEntity s) {
        Schedule.Builder schedule = Schedule.newBuilder()
                .setIntegrationId(s.integrationId)
                .setIntegrationVersion(s.integrationVersion)
                .setActive(s.active)
                .setConsecutiveFailures(s.consecutiveFailures)
                .setFailureThreshold(s.failureThreshold);
        if (s.nextRunTime != null) {
            schedule.setNextRunTime(Timestamps.of(s.nextRunTime));
        }
        if (s.nextFullSyncTime != null) {
            schedule.setNextFullSyncTime(Timestamps.of(s.nextFullSyncTime));
        }
        if (s.disabledTime != null) {
            schedule.setDisabledTime(Timestamps.of(s.disabledTime)).setDisabledReason(s.disabledReason);
        }
        return schedule.build();
    }
}
