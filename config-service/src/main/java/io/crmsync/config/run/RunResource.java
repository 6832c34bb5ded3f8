package io.crmsync.config.run;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.crmsync.common.id.Ids;
import io.crmsync.config.api.Page;
import io.crmsync.config.api.Paging;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Runs, read from and cancelled through the scheduler, which owns them; nothing about runs is copied here. */
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Executions of integrations, owned by scheduler-service")
public class RunResource {

    private final SchedulerClient scheduler;

    RunResource(SchedulerClient scheduler) {
        this.scheduler = scheduler;
    }

    @GET
    @Operation(summary = "List runs of every integration, newest first, without tasks",
            description = "Filters: integrationId, state (repeatable or comma-separated), since, until (ISO-8601, "
                    + "creation time).")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<RunResponse> list(@QueryParam("integrationId") String integrationId,
            @QueryParam("state") List<String> states, @QueryParam("since") String since,
            @QueryParam("until") String until, @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        String integration = integrationId == null ? null : Ids.parse("integrationId", integrationId).toString();
        ListRunsResponse runs = scheduler.list(RunQuery.request(integration, states, since, until),
                Paging.size(pageSize), pageToken);
        return Page.of(runs.getRunsList().stream().map(run -> RunMapper.toResponse(run, false)).toList(),
                runs.getNextPageToken());
    }

    @POST
    @Path("{runId}/cancel")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Cancel a pending or running run",
            description = "Pending tasks never start; running ones stop at their next heartbeat, keeping what they "
                    + "committed. 409 scheduler.run_finished when the run has already ended.")
    @RolesAllowed(OPERATOR)
    public RunResponse cancel(@PathParam("runId") String runId) {
        return RunMapper.toResponse(scheduler.cancel(Ids.parse("runId", runId).toString()), true);
    }

    @GET
    @Path("{runId}")
    @Operation(summary = "Get a run with its tasks")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public RunResponse get(@PathParam("runId") String runId) {
        return RunMapper.toResponse(scheduler.get(Ids.parse("runId", runId).toString()), true);
    }
}
