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

import io.crmsync.common.id.Ids;
import io.crmsync.config.connection.ConnectionResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Duplicates a connection with its integrations; here because it copies integrations, which know connections. */
@Path("/api/v1/connections/{id}/duplicate")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Connections")
public class ConnectionCopyResource {

    private final IntegrationCopier copier;

    ConnectionCopyResource(IntegrationCopier copier) {
        this.copier = copier;
    }

    /** The new connection and the integrations copied onto it (without points). */
    public record ConnectionCopyResponse(ConnectionResponse connection, List<IntegrationResponse> integrations) {
    }

    @POST
    @Operation(summary = "Pair the connection's home endpoint with another remote endpoint, copying its integrations",
            description = "Copies are inactive, named `<integration name> (<new connection name>)`; all or nothing.")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public RestResponse<ConnectionCopyResponse> duplicate(@PathParam("id") String id,
            @Valid @NotNull(message = "is required") DuplicateRequest.OfConnection body) {
        IntegrationCopier.ConnectionCopy copy = copier.duplicateConnection(Ids.parse("id", id), body.name(),
                body.remoteEndpointId());
        ConnectionCopyResponse response = new ConnectionCopyResponse(ConnectionResponse.of(copy.connection()),
                copy.integrations().stream().map(i -> IntegrationMapper.toResponse(i, null)).toList());
        return RestResponse.ResponseBuilder.<ConnectionCopyResponse> created(
                URI.create("/api/v1/connections/" + copy.connection().id)).entity(response).build();
    }
}
