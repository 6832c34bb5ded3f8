package io.crmsync.config.connection;

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
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/connections")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Connections", description = "Named pairs of a home and a remote endpoint")
public class ConnectionResource {

    private final ConnectionRegistry connections;

    ConnectionResource(ConnectionRegistry connections) {
        this.connections = connections;
    }

    @POST
    @Operation(summary = "Create a connection")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public RestResponse<ConnectionResponse> create(@Valid @NotNull(message = "is required") ConnectionRequest body) {
        ConnectionEntity connection = connections.create(body);
        return RestResponse.ResponseBuilder
                .<ConnectionResponse> created(URI.create("/api/v1/connections/" + connection.id))
                .entity(ConnectionResponse.of(connection)).build();
    }

    @GET
    @Operation(summary = "List connections by name")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<ConnectionResponse> list(@QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        PageRequest page = Paging.of(pageToken, pageSize);
        List<ConnectionEntity> found = connections.list(page);
        return Page.of(found.stream().map(ConnectionResponse::of).toList(), page.nextToken(found.size()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a connection")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public ConnectionResponse get(@PathParam("id") String id) {
        return ConnectionResponse.of(connections.get(Ids.parse("id", id)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a connection no integration uses")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public void delete(@PathParam("id") String id, @HeaderParam(IfMatch.HEADER) String ifMatch) {
        connections.delete(Ids.parse("id", id), IfMatch.parse(ifMatch));
    }
}
