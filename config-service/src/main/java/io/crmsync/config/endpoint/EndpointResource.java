package io.crmsync.config.endpoint;

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

@Path("/api/v1/endpoints")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Endpoints", description = "External systems crmsync reaches")
public class EndpointResource {

    private final EndpointRegistry endpoints;
    private final EndpointProbe probe;

    EndpointResource(EndpointRegistry endpoints, EndpointProbe probe) {
        this.endpoints = endpoints;
        this.probe = probe;
    }

    @POST
    @Operation(summary = "Create an endpoint")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public RestResponse<EndpointResponse> create(@Valid @NotNull(message = "is required") EndpointRequest body) {
        EndpointEntity endpoint = endpoints.create(body);
        return RestResponse.ResponseBuilder.<EndpointResponse> created(URI.create("/api/v1/endpoints/" + endpoint.id))
                .entity(EndpointMapper.toResponse(endpoint)).build();
    }

    @GET
    @Operation(summary = "List endpoints by name")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<EndpointResponse> list(@QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        PageRequest page = Paging.of(pageToken, pageSize);
        List<EndpointEntity> found = endpoints.list(page);
        return Page.of(found.stream().map(EndpointMapper::toResponse).toList(), page.nextToken(found.size()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get an endpoint")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public EndpointResponse get(@PathParam("id") String id) {
        return EndpointMapper.toResponse(endpoints.get(Ids.parse("id", id)));
    }

    @PUT
    @Path("{id}")
    @Operation(summary = "Change an endpoint's name and settings")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public EndpointResponse update(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch,
            @Valid @NotNull(message = "is required") EndpointRequest body) {
        return EndpointMapper.toResponse(endpoints.update(Ids.parse("id", id), IfMatch.parse(ifMatch), body));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete an endpoint no connection uses")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public void delete(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        endpoints.delete(Ids.parse("id", id), IfMatch.parse(ifMatch));
    }

    @POST
    @Path("{id}/test")
    @Consumes(MediaType.WILDCARD) // no body: a bare POST must not need a Content-Type
    @Operation(summary = "Have a worker connect to the endpoint with its credential")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public ConnectionTestResult test(@PathParam("id") String id) {
        return probe.test(Ids.parse("id", id));
    }
}
