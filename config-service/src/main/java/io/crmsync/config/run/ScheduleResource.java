package io.crmsync.config.run;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.time.Instant;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.common.id.Ids;
import io.crmsync.common.time.Timestamps;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.proto.scheduler.v1.Schedule;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * An integration's schedule as the scheduler runs it: next fire times, consecutive failures, and whether the
 * system disabled it (the observed state, beside the admin's desired state {@code active}).
 */
@Path("/api/v1/integrations/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Executions of integrations, owned by scheduler-service")
public class ScheduleResource {

    /** The schedule on the wire. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleResponse(long integrationVersion, boolean active, boolean disabled, Instant nextRunTime,
            Instant nextFullSyncTime, int consecutiveFailures, int failureThreshold, Instant disabledTime,
            String disabledReason) {

        static ScheduleResponse of(Schedule s) {
            return new ScheduleResponse(s.getIntegrationVersion(), s.getActive(), s.hasDisabledTime(),
                    s.hasNextRunTime() ? Timestamps.toInstant(s.getNextRunTime()) : null,
                    s.hasNextFullSyncTime() ? Timestamps.toInstant(s.getNextFullSyncTime()) : null,
                    s.getConsecutiveFailures(), s.getFailureThreshold(),
                    s.hasDisabledTime() ? Timestamps.toInstant(s.getDisabledTime()) : null,
                    s.getDisabledReason().isEmpty() ? null : s.getDisabledReason());
        }
    }

    private final SchedulerClient scheduler;
    private final IntegrationCatalog catalog;

    ScheduleResource(SchedulerClient scheduler, IntegrationCatalog catalog) {
        this.scheduler = scheduler;
        this.catalog = catalog;
    }

    @GET
    @Path("schedule")
    @Operation(summary = "Next run times, consecutive failures and system disable of an integration")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public ScheduleResponse get(@PathParam("id") String id) {
        // Through SyncIntegration: the scheduler first takes the integration as stored now, so what an admin just
        // saved or activated shows at once.
        return ScheduleResponse.of(scheduler.sync(catalog.get(Ids.parse("id", id)).id.toString()));
    }

    @POST
    @Path("enable")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Re-enable an integration the system disabled after repeated failures",
            description = "Resets the consecutive failures; the cadences fire again from now.")
    @RolesAllowed(OPERATOR)
    public ScheduleResponse enable(@PathParam("id") String id) {
        String integrationId = catalog.get(Ids.parse("id", id)).id.toString();
        scheduler.sync(integrationId); // so a scheduler that has not seen it yet can enable it
        return ScheduleResponse.of(scheduler.enable(integrationId));
    }
}
