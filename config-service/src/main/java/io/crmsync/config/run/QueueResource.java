package io.crmsync.config.run;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.common.id.Ids;
import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.scheduler.v1.Queue;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The inbound and outbound queues of each connection (owned by the scheduler): how many tasks wait and run, how
 * long the oldest has waited. {@link QueuePauseResource} pauses and resumes them.
 */
@Path("/api/v1/queues")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Executions of integrations, owned by scheduler-service")
public class QueueResource {

    /** A queue on the wire. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record QueueResponse(String connectionId, String direction, int pending, int running,
            Instant oldestPendingTime, Long oldestPendingAgeSeconds, boolean paused, Instant pausedTime) {
    }

    private final SchedulerClient scheduler;

    QueueResource(SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    @GET
    @Operation(summary = "Queues with waiting or running tasks, or paused, per connection and direction")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public List<QueueResponse> list(@QueryParam("connectionId") String connectionId) {
        String connection = connectionId == null ? null : Ids.parse("connectionId", connectionId).toString();
        Instant now = Instant.now();
        return scheduler.queues(connection).getQueuesList().stream().map(q -> toResponse(q, now)).toList();
    }

    static QueueResponse toResponse(Queue q, Instant now) {
        Instant oldest = q.hasOldestPendingTime() ? Timestamps.toInstant(q.getOldestPendingTime()) : null;
        return new QueueResponse(q.getConnectionId(),
                q.getDirection().name().substring("DIRECTION_".length()).toLowerCase(Locale.ROOT), q.getPending(),
                q.getRunning(), oldest, oldest == null ? null : Math.max(0, Duration.between(oldest, now).toSeconds()),
                q.getPaused(), q.hasPausedTime() ? Timestamps.toInstant(q.getPausedTime()) : null);
    }
}
