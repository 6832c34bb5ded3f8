package io.crmsync.config.run;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.common.time.Timestamps;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.config.integration.IntegrationDefinition;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.proto.scheduler.v1.SetWatermarksRequest;
import io.crmsync.proto.scheduler.v1.SetWatermarksResponse;
import io.crmsync.proto.scheduler.v1.Watermark;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Where each point's next incremental run starts (the scheduler owns watermarks). An operator may set them, e.g.
 * back to read a period again; setting one back starts an incremental run of an active integration at once.
 */
@Path("/api/v1/integrations/{id}/watermarks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs", description = "Executions of integrations, owned by scheduler-service")
public class WatermarkResource {

    /** One point's watermark; the time fields are null while the point never succeeded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PointWatermark(UUID pointId, String pointName, Instant lastSuccessfulRunTime,
            Instant cursorModifiedTime, List<String> cursorKey, String runId) {
    }

    /** The watermarks of every point, and the run a change started. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Watermarks(List<PointWatermark> points, RunResponse run) {
    }

    /** What an operator sets: a time for every point, or for the named ones. */
    public record WatermarkChange(@NotNull(message = "is required") Instant lastSuccessfulRunTime,
            @Size(max = 100, message = "must have at most {max} points") List<@NotNull(message = "must not be null")
            UUID> pointIds) {
    }

    private final SchedulerClient scheduler;
    private final IntegrationCatalog catalog;
    private final Clock clock;

    WatermarkResource(SchedulerClient scheduler, IntegrationCatalog catalog, Clock clock) {
        this.scheduler = scheduler;
        this.catalog = catalog;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Each point's watermark: its last successful run time and cursor")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Watermarks get(@PathParam("id") String id) {
        IntegrationDefinition definition = catalog.definition(Ids.parse("id", id));
        return view(definition, scheduler.watermarks(definition.integration().id.toString()).getWatermarksList(),
                null);
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set the watermarks of every point (or the listed ones) to a time",
            description = "Setting one back (or giving a point its first) starts an incremental run of an active "
                    + "integration at once, unless a run is in progress; the answer then carries it.")
    @RolesAllowed(OPERATOR)
    public Watermarks set(@PathParam("id") String id, @Valid @NotNull(message = "is required") WatermarkChange change) {
        // The scheduler refuses it too; checked here so the answer names the REST field and needs no scheduler.
        if (change.lastSuccessfulRunTime().isAfter(clock.instant())) {
            throw CrmsyncException.invalidField("lastSuccessfulRunTime", "must not be in the future");
        }
        IntegrationDefinition definition = catalog.definition(Ids.parse("id", id));
        List<String> pointIds = pointIds(definition, change.pointIds());
        SetWatermarksResponse response = scheduler.setWatermarks(SetWatermarksRequest.newBuilder()
                .setIntegrationId(definition.integration().id.toString())
                .setIntegrationVersion(definition.integration().version)
                .addAllIntegrationPointIds(pointIds)
                .setLastSuccessfulRunTime(Timestamps.of(change.lastSuccessfulRunTime()))
                .setStartRun(definition.integration().active)
                .setConnectionId(definition.integration().connectionId.toString())
                .addAllDirections(pointIds.stream().map(p -> definition.points().stream()
                        .filter(point -> point.id.toString().equals(p)).findFirst().orElseThrow().direction.toProto())
                        .toList())
                .build());
        return view(definition, scheduler.watermarks(definition.integration().id.toString()).getWatermarksList(),
                response.hasRun() ? RunMapper.toResponse(response.getRun(), true) : null);
    }

    private static List<String> pointIds(IntegrationDefinition definition, List<UUID> asked) {
        List<UUID> known = definition.points().stream().map(p -> p.id).toList();
        if (known.isEmpty()) {
            throw CrmsyncException.invalidField("pointIds", "the integration has no point");
        }
        if (asked == null || asked.isEmpty()) {
            return known.stream().map(UUID::toString).toList();
        }
        for (int i = 0; i < asked.size(); i++) {
            if (!known.contains(asked.get(i))) {
                throw CrmsyncException.invalidField("pointIds[" + i + "]", "is not a point of this integration");
            }
        }
        return asked.stream().map(UUID::toString).distinct().toList();
    }

    private static Watermarks view(IntegrationDefinition definition, List<Watermark> stored, RunResponse run) {
        Map<String, Watermark> byPoint = new HashMap<>();
        stored.forEach(w -> byPoint.put(w.getIntegrationPointId(), w));
        List<PointWatermark> points = definition.points().stream().map(p -> of(p, byPoint.get(p.id.toString())))
                .toList();
        return new Watermarks(points, run);
    }

    private static PointWatermark of(PointEntity point, Watermark w) {
        if (w == null) {
            return new PointWatermark(point.id, point.name, null, null, null, null);
        }
        return new PointWatermark(point.id, point.name, Timestamps.toInstant(w.getLastSuccessfulRunTime()),
                w.hasCursor() && w.getCursor().hasModifiedTime()
                        ? Timestamps.toInstant(w.getCursor().getModifiedTime()) : null,
                w.hasCursor() ? w.getCursor().getKeyList() : null, w.getRunId().isEmpty() ? null : w.getRunId());
    }
}
