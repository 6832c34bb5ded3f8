package io.crmsync.config.run;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.crmsync.common.id.Ids;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** A run by id, read from the scheduler, which owns runs; nothing about runs is copied here. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Executions of integrations, owned by scheduler-service")
public class RunResource {

    private final SchedulerClient scheduler;

    RunResource(SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    @GET
    @Path("{runId}")
    @Operation(summary = "Get a run with its tasks")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public RunResponse get(@PathParam("runId") String runId) {
        return RunMapper.toResponse(scheduler.get(Ids.parse("runId", runId).toString()), true);
    }
}
