package io.crmsync.config.run;

import static io.crmsync.config.auth.Roles.OPERATOR;

import java.time.Instant;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.config.connection.ConnectionRegistry;
import io.crmsync.config.run.QueueResource.QueueResponse;
import io.crmsync.proto.config.v1.Direction;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Pauses a connection's inbound or outbound queue (its waiting tasks stay queued, running ones finish), or resumes it. */
@Path("/api/v1/connections/{id}/queues/{direction}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Executions of integrations, owned by scheduler-service")
public class QueuePauseResource {

    private final SchedulerClient scheduler;
    private final ConnectionRegistry connections;

    QueuePauseResource(SchedulerClient scheduler, ConnectionRegistry connections) {
        this.scheduler = scheduler;
        this.connections = connections;
    }

    @POST
    @Path("pause")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Pause a connection's inbound or outbound queue: its waiting tasks are not started")
    @RolesAllowed(OPERATOR)
    public QueueResponse pause(@PathParam("id") String id, @PathParam("direction") String direction) {
        return setPaused(id, direction, true);
    }

    @POST
    @Path("resume")
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Resume a paused queue")
    @RolesAllowed(OPERATOR)
    public QueueResponse resume(@PathParam("id") String id, @PathParam("direction") String direction) {
        return setPaused(id, direction, false);
    }

    private QueueResponse setPaused(String id, String direction, boolean paused) {
        String connection = connections.get(Ids.parse("id", id)).id.toString();
        Direction parsed = switch (direction.toLowerCase(Locale.ROOT)) {
            case "inbound" -> Direction.DIRECTION_INBOUND;
            case "outbound" -> Direction.DIRECTION_OUTBOUND;
            default -> throw CrmsyncException.invalidField("direction", "must be inbound or outbound");
        };
        return QueueResource.toResponse(scheduler.setQueuePaused(connection, parsed, paused), Instant.now());
    }
}
