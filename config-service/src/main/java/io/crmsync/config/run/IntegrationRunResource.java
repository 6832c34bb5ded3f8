package io.crmsync.config.run;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.crmsync.common.id.Ids;
import io.crmsync.config.api.Page;
import io.crmsync.config.api.Paging;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.proto.scheduler.v1.ListRunsResponse;
import io.crmsync.proto.scheduler.v1.Run;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Runs of one integration: triggered through and listed from the scheduler. */
@Path("/api/v1/integrations/{id}/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Executions of integrations, owned by scheduler-service")
public class IntegrationRunResource {

    private final RunLauncher launcher;
    private final SchedulerClient scheduler;
    private final IntegrationCatalog catalog;

    IntegrationRunResource(RunLauncher launcher, SchedulerClient scheduler, IntegrationCatalog catalog) {
        this.launcher = launcher;
        this.scheduler = scheduler;
        this.catalog = catalog;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Trigger a run of an active integration", description = "Body optional: "
            + "{\"mode\": \"incremental\"|\"full\"|\"rebuild\", \"idempotencyKey\": \"...\"}. Answers 202 with the run.")
    @RolesAllowed(OPERATOR)
    public RestResponse<RunResponse> trigger(@PathParam("id") String id, @Valid RunRequest body) {
        return accepted(launcher.trigger(Ids.parse("id", id), body).getRun());
    }

    /** The same without a body or Content-Type: an incremental, manual run. */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    @RolesAllowed(OPERATOR)
    public RestResponse<RunResponse> triggerWithoutBody(@PathParam("id") String id) {
        return accepted(launcher.trigger(Ids.parse("id", id), null).getRun());
    }

    @GET
    @Operation(summary = "List an integration's runs, newest first, without tasks",
            description = "Filters: state (repeatable or comma-separated), since, until (ISO-8601, creation time).")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<RunResponse> list(@PathParam("id") String id, @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize, @QueryParam("state") List<String> states,
            @QueryParam("since") String since, @QueryParam("until") String until) {
        String integrationId = catalog.get(Ids.parse("id", id)).id.toString();
        ListRunsResponse runs = scheduler.list(RunQuery.request(integrationId, states, since, until),
                Paging.size(pageSize), pageToken);
        return Page.of(runs.getRunsList().stream().map(run -> RunMapper.toResponse(run, false)).toList(),
                runs.getNextPageToken());
    }

    private static RestResponse<RunResponse> accepted(Run run) {
        return RestResponse.ResponseBuilder.<RunResponse> create(RestResponse.Status.ACCEPTED)
                .location(URI.create("/api/v1/runs/" + run.getId()))
                .entity(RunMapper.toResponse(run, true))
                .build();
    }
}
