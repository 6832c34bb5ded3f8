package io.crmsync.scheduler.queue;

import java.util.List;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.proto.config.v1.Direction;

/** Directions as stored ({@code INBOUND}, {@code OUTBOUND}) and on the wire. */
public final class QueueDirections {

    private QueueDirections() {
    }

    public static boolean known(Direction direction) {
        return direction == Direction.DIRECTION_INBOUND || direction == Direction.DIRECTION_OUTBOUND;
    }

    /** The stored name; an unspecified direction is refused naming {@code field}. */
    public static String name(Direction direction, String field) {
        if (!known(direction)) {
            throw CrmsyncException.invalidField(field, "must be INBOUND or OUTBOUND");
        }
        return direction.name().substring("DIRECTION_".length());
    }

    /** The stored name of a point's direction as config-service sends it. */
    public static String name(Direction direction) {
        return name(direction, "direction");
    }

    public static List<String> names(List<Direction> directions) {
        return directions.stream().map(d -> name(d, "directions")).toList();
    }

    public static Direction of(String name) {
        return Direction.valueOf("DIRECTION_" + name);
    }
}
