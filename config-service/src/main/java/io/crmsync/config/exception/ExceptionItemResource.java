package io.crmsync.config.exception;

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
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Exception items across messages: those of an integration, or the records one run rejected (a run's failed
 * items, for its history download), with item detail.
 */
@Path("/api/v1/exception-items")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exceptions", description = "Run failures and rejected records, owned by exception-service")
public class ExceptionItemResource {

    private final ExceptionLogClient exceptions;
    private final ExceptionJsonMapper mapper;
    private final ExceptionItemsCsv csv;

    ExceptionItemResource(ExceptionLogClient exceptions, ExceptionJsonMapper mapper, ExceptionItemsCsv csv) {
        this.exceptions = exceptions;
        this.mapper = mapper;
        this.csv = csv;
    }

    @GET
    @Operation(summary = "List exception items of an integration or of a run, oldest first",
            description = "integrationId or runId is required (runId: the records that run rejected, whatever "
                    + "their state now). Filters: integrationPointId, state (repeatable or comma-separated), code.")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<ExceptionItemResponse> list(@QueryParam("integrationId") String integrationId,
            @QueryParam("runId") String runId, @QueryParam("integrationPointId") String pointId,
            @QueryParam("state") List<String> states, @QueryParam("code") String code,
            @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        ListExceptionItemsResponse page = exceptions.items(
                new ExceptionQuery(integrationId, runId, pointId, null, states, code, null, null, null).items()
                        .setPageSize(Paging.size(pageSize)).setPageToken(pageToken == null ? "" : pageToken)
                        .build());
        return Page.of(page.getItemsList().stream().map(mapper::toResponse).toList(), page.getNextPageToken());
    }

    @GET
    @Path("export.csv")
    @Produces("text/csv")
    @Operation(summary = "Export exception items of an integration or of a run as CSV",
            description = "Same filters as the list. With runId: the run's failed items, for its history.")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Response export(@QueryParam("integrationId") String integrationId, @QueryParam("runId") String runId,
            @QueryParam("integrationPointId") String pointId, @QueryParam("state") List<String> states,
            @QueryParam("code") String code) {
        String name = runId != null ? "run-" + runId : "integration-" + integrationId;
        return Response.ok(csv.export(new ExceptionQuery(integrationId, runId, pointId, null, states, code, null, null,
                null).items()), "text/csv")
                .header("Content-Disposition", "attachment; filename=\"exception-items-" + name + ".csv\"").build();
    }

    @GET
    @Path("{itemId}")
    @Operation(summary = "Get an exception item with its record snapshot")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public ExceptionItemResponse item(@PathParam("itemId") String itemId) {
        return mapper.toResponse(exceptions.item(Ids.parse("itemId", itemId).toString()));
    }
}
