package io.crmsync.config.integration;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.net.URI;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.crmsync.common.id.Ids;
import io.crmsync.config.api.IfMatch;
import io.crmsync.config.api.Page;
import io.crmsync.config.integration.point.PointRequest;
import io.crmsync.config.integration.point.PointResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Points of one integration; every change moves the integration's version on. */
@Path("/api/v1/integrations/{id}/points")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Integration points", description = "Object flows of an integration")
public class PointResource {

    private final PointEditor editor;

    PointResource(PointEditor editor) {
        this.editor = editor;
    }

    @POST
    @Operation(summary = "Append a point to an integration")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public RestResponse<PointResponse> add(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch,
            @Valid @NotNull(message = "is required") PointRequest body) {
        UUID integrationId = Ids.parse("id", id);
        PointResponse point = editor.add(integrationId, IfMatch.parse(ifMatch), body);
        URI location = URI.create("/api/v1/integrations/" + integrationId + "/points/" + point.id());
        return RestResponse.ResponseBuilder.<PointResponse> created(location)
                .entity(point).build();
    }

    @GET
    @Operation(summary = "List an integration's points in execution order (one page)")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<PointResponse> list(@PathParam("id") String id) {
        return Page.of(editor.list(Ids.parse("id", id)), null);
    }

    @GET
    @Path("{pointId}")
    @Operation(summary = "Get a point")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public PointResponse get(@PathParam("id") String id, @PathParam("pointId") String pointId) {
        return editor.get(Ids.parse("id", id), Ids.parse("pointId", pointId));
    }

    @PUT
    @Path("{pointId}")
    @Operation(summary = "Replace a point; it keeps its id and position")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public PointResponse replace(@PathParam("id") String id, @PathParam("pointId") String pointId,
            @HeaderParam(IfMatch.HEADER) String ifMatch, @Valid @NotNull(message = "is required") PointRequest body) {
        return editor.replace(Ids.parse("id", id), Ids.parse("pointId", pointId), IfMatch.parse(ifMatch), body);
    }

    @DELETE
    @Path("{pointId}")
    @Operation(summary = "Remove a point")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public void remove(@PathParam("id") String id, @PathParam("pointId") String pointId, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        editor.remove(Ids.parse("id", id), Ids.parse("pointId", pointId), IfMatch.parse(ifMatch));
    }
}
