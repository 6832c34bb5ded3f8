package io.crmsync.config.integration;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.net.URI;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

import io.crmsync.common.paging.PageRequest;
import io.crmsync.common.id.Ids;
import io.crmsync.config.api.IfMatch;
import io.crmsync.config.api.Page;
import io.crmsync.config.api.Paging;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/integrations")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Integrations", description = "Scheduled, activated units of object flows")
public class IntegrationResource {

    private final IntegrationCatalog catalog;
    private final IntegrationActivation activation;
    private final ImmediateSync immediateSync;
    private final IntegrationCopier copier;
    private final IntegrationDeclarations declarations;

    IntegrationResource(IntegrationCatalog catalog, IntegrationActivation activation, ImmediateSync immediateSync,
            IntegrationCopier copier, IntegrationDeclarations declarations) {
        this.catalog = catalog;
        this.activation = activation;
        this.immediateSync = immediateSync;
        this.copier = copier;
        this.declarations = declarations;
    }

    @POST
    @Operation(summary = "Create an integration (inactive, version 1), optionally with its points")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public RestResponse<IntegrationResponse> create(@Valid @NotNull(message = "is required") IntegrationRequest body) {
        IntegrationDefinition created = catalog.create(body);
        URI location = URI.create("/api/v1/integrations/" + created.integration().id);
        return RestResponse.ResponseBuilder.<IntegrationResponse> created(location)
                .entity(IntegrationMapper.toResponse(created)).build();
    }

    @GET
    @Operation(summary = "List integrations by name, without their points")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<IntegrationResponse> list(@QueryParam("connectionId") String connectionId,
            @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        PageRequest page = Paging.of(pageToken, pageSize);
        List<IntegrationEntity> found = catalog.list(Ids.parseOptional("connectionId", connectionId), page);
        return Page.of(found.stream().map(i -> IntegrationMapper.toResponse(i, null)).toList(),
                page.nextToken(found.size()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get an integration with its points")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public IntegrationResponse get(@PathParam("id") String id) {
        return IntegrationMapper.toResponse(catalog.definition(Ids.parse("id", id)));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Replace an integration's settings", description = "Omitted switches take their defaults; "
            + "`points` is ignored (change points under /points). The version grows by one.")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public IntegrationResponse update(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch,
            @Valid @NotNull(message = "is required") IntegrationRequest body) {
        return withImmediateRun(catalog.update(Ids.parse("id", id), IfMatch.parse(ifMatch), body));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an integration and its points")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public void delete(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        catalog.delete(Ids.parse("id", id), IfMatch.parse(ifMatch));
    }

    @POST
    @Path("{id}/activate")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Activate an integration; it needs at least one point")
    @RolesAllowed(OPERATOR)
    public IntegrationResponse activate(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return withImmediateRun(activation.activate(Ids.parse("id", id), IfMatch.parse(ifMatch)));
    }

    @POST
    @Path("{id}/deactivate")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Deactivate an integration")
    @RolesAllowed(OPERATOR)
    public IntegrationResponse deactivate(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        return IntegrationMapper.toResponse(activation.deactivate(Ids.parse("id", id), IfMatch.parse(ifMatch)));
    }

    @POST
    @Path("{id}/duplicate")
    @Operation(summary = "Copy an integration with its points, as a new inactive integration at version 1")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public RestResponse<IntegrationResponse> duplicate(@PathParam("id") String id,
            @Valid @NotNull(message = "is required") DuplicateRequest.OfIntegration body) {
        IntegrationDefinition copy = copier.duplicateIntegration(Ids.parse("id", id), body.name());
        return RestResponse.ResponseBuilder.<IntegrationResponse> created(
                URI.create("/api/v1/integrations/" + copy.integration().id))
                .entity(IntegrationMapper.toResponse(copy)).build();
    }

    @PUT
    @Path("by-name/{name}")
    @Operation(summary = "Create or replace the integration of this name (configuration as code)",
            description = "The body is a full declaration, points included (matched by name; ids kept). 201 when "
                    + "created; 200 otherwise. A declaration equal to what is stored changes nothing, not even the "
                    + "version. If-Match applies when the integration exists.")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public RestResponse<IntegrationResponse> declare(@PathParam("name") String name, @HeaderParam(IfMatch.HEADER) String ifMatch,
            @Valid @NotNull(message = "is required") IntegrationRequest body) {
        Long expected = IfMatch.parse(ifMatch);
        IntegrationDeclarations.Declared declared = declarations.declare(name, expected, body);
        IntegrationResponse response = declared.outcome() == IntegrationDeclarations.Outcome.UNCHANGED
                ? IntegrationMapper.toResponse(declared.definition())
                : withImmediateRun(declared.definition());
        if (declared.outcome() == IntegrationDeclarations.Outcome.CREATED) {
            return RestResponse.ResponseBuilder.<IntegrationResponse> created(
                    URI.create("/api/v1/integrations/" + response.id())).entity(response).build();
        }
        return RestResponse.ok(response);
    }

    /** The saved integration, with the run syncImmediately started after the commit, if it asks for one. */
    private IntegrationResponse withImmediateRun(IntegrationDefinition saved) {
        return IntegrationMapper.toResponse(saved).withImmediateRun(immediateSync.after(saved));
    }
}
