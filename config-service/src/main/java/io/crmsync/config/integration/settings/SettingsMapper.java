package io.crmsync.config.integration.settings;

import io.crmsync.proto.config.v1.NotificationRecipient.Builder;

/** Turns stored settings into their proto forms. */
public final class SettingsMapper {

    private SettingsMapper() {
    }

    public static io.crmsync.proto.config.v1.NotificationRecipient toProto(NotificationRecipient r) {
        Builder wire = io.crmsync.proto.config.v1.NotificationRecipient.newBuilder();
        return wire.setType(r.type().toProto()).setAddress(r.address()).build();
    }

    public static io.crmsync.proto.config.v1.Cadence toProto(Cadence c) {
        io.crmsync.proto.config.v1.Cadence.Builder wire = io.crmsync.proto.config.v1.Cadence.newBuilder()
                .setType(c.type().toProto())
                .setTimeZone(c.zoneOrUtc());
        if (c.everyMinutes() != null) {
            wire.setEveryMinutes(c.everyMinutes());
        }
        if (c.minute() != null) {
            wire.setMinute(c.minute());
        }
        if (c.time() != null) {
            wire.setTime(c.time());
        }
        if (c.days() != null) {
            c.days().forEach(day -> wire.addDays(day.toProto()));
        }
        if ("last".equals(c.dayOfMonth())) {
            wire.setLastDayOfMonth(true);
        } else if (c.dayOfMonth() != null) {
            wire.setDayOfMonth(Integer.parseInt(c.dayOfMonth()));
        }
        if (c.cron() != null) {
            wire.setCron(c.cron());
        }
        if (c.at() != null) {
            wire.setAt(c.at());
        }
        return wire.build();
    }
}
