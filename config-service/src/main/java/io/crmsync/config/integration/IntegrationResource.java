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
import io.crmsync.config.api.Page;
import io.crmsync.config.api.Paging;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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

    IntegrationResource(IntegrationCatalog catalog, IntegrationActivation activation) {
        this.catalog = catalog;
        this.activation = activation;
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
    public IntegrationResponse update(@PathParam("id") String id,
            @Valid @NotNull(message = "is required") IntegrationRequest body) {
        return IntegrationMapper.toResponse(catalog.update(Ids.parse("id", id), body));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an integration and its points")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public void delete(@PathParam("id") String id) {
        catalog.delete(Ids.parse("id", id));
    }

    @POST
    @Path("{id}/activate")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Activate an integration; it needs at least one point")
    @RolesAllowed(OPERATOR)
    public IntegrationResponse activate(@PathParam("id") String id) {
        return IntegrationMapper.toResponse(activation.activate(Ids.parse("id", id)));
    }

    @POST
    @Path("{id}/deactivate")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Deactivate an integration")
    @RolesAllowed(OPERATOR)
    public IntegrationResponse deactivate(@PathParam("id") String id) {
        return IntegrationMapper.toResponse(activation.deactivate(Ids.parse("id", id)));
    }
}
