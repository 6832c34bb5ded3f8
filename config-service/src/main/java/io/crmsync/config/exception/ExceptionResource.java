package io.crmsync.config.exception;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.crmsync.common.id.Ids;
import io.crmsync.config.api.Page;
import io.crmsync.config.api.Paging;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** User exception messages and items, read from exception-service. */
@Path("/api/v1/exceptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exceptions", description = "Run failures and rejected records, owned by exception-service")
public class ExceptionResource {

    private final ExceptionLogClient exceptions;
    private final ExceptionJsonMapper mapper;

    ExceptionResource(ExceptionLogClient exceptions, ExceptionJsonMapper mapper) {
        this.exceptions = exceptions;
        this.mapper = mapper;
    }

    @GET
    @Operation(summary = "List exception messages, newest first, optionally of one integration and/or run")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<ExceptionMessageResponse> messages(@QueryParam("integrationId") String integrationId,
            @QueryParam("runId") String runId, @QueryParam("pageToken") String pageToken,
            @QueryParam("pageSize") String pageSize) {
        ListExceptionMessagesResponse page = exceptions.messages(
                text(Ids.parseOptional("integrationId", integrationId)), text(Ids.parseOptional("runId", runId)),
                Paging.size(pageSize), pageToken);
        return Page.of(page.getMessagesList().stream().map(mapper::toResponse).toList(), page.getNextPageToken());
    }

    @GET
    @Path("{messageId}/items")
    @Operation(summary = "List the rejected records under an exception message, oldest first")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<ExceptionItemResponse> items(@PathParam("messageId") String messageId,
            @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        ListExceptionItemsResponse page = exceptions.items(Ids.parse("messageId", messageId).toString(),
                Paging.size(pageSize), pageToken);
        return Page.of(page.getItemsList().stream().map(mapper::toResponse).toList(), page.getNextPageToken());
    }

    private static String text(Object id) {
        return id == null ? "" : id.toString();
    }
}
