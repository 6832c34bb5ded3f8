package io.crmsync.config.exception;

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
import io.crmsync.config.api.Page;
import io.crmsync.config.api.Paging;
import io.crmsync.config.run.RunMapper;
import io.crmsync.proto.exception.v1.ExceptionState;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import io.crmsync.proto.exception.v1.SetExceptionStateResponse;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * User exception messages, read from exception-service, and what operators do with them: ignore, reopen and
 * retry. Every role reads; only operators act.
 */
@Path("/api/v1/exceptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Exceptions", description = "Run failures and rejected records, owned by exception-service")
public class ExceptionResource {

    private final ExceptionLogClient exceptions;
    private final ExceptionJsonMapper mapper;
    private final ExceptionActions actions;
    private final ExceptionItemsCsv csv;

    ExceptionResource(ExceptionLogClient exceptions, ExceptionJsonMapper mapper, ExceptionActions actions,
            ExceptionItemsCsv csv) {
        this.exceptions = exceptions;
        this.mapper = mapper;
        this.actions = actions;
        this.csv = csv;
    }

    @GET
    @Operation(summary = "List exception messages, most recently seen first",
            description = "Filters: integrationId, runId (the run that last saw it), integrationPointId, state "
                    + "(OPEN, RETRYING, RESOLVED, IGNORED; repeatable or comma-separated), code, kind "
                    + "(run_failure, record_rejects, configuration, integration_disabled), since and until "
                    + "(ISO-8601, last seen, until exclusive).")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<ExceptionMessageResponse> messages(@QueryParam("integrationId") String integrationId,
            @QueryParam("runId") String runId, @QueryParam("integrationPointId") String pointId,
            @QueryParam("state") List<String> states, @QueryParam("code") String code,
            @QueryParam("kind") String kind, @QueryParam("since") String since, @QueryParam("until") String until,
            @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        ListExceptionMessagesResponse page = exceptions.messages(
                new ExceptionQuery(integrationId, runId, pointId, null, states, code, kind, since, until).messages()
                        .setPageSize(Paging.size(pageSize)).setPageToken(pageToken == null ? "" : pageToken)
                        .build());
        return Page.of(page.getMessagesList().stream().map(mapper::toResponse).toList(), page.getNextPageToken());
    }

    @GET
    @Path("{messageId}")
    @Operation(summary = "Get an exception message")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public ExceptionMessageResponse message(@PathParam("messageId") String messageId) {
        return mapper.toResponse(exceptions.message(Ids.parse("messageId", messageId).toString()));
    }

    @GET
    @Path("{messageId}/items")
    @Operation(summary = "List the rejected records under an exception message, oldest first",
            description = "Filters: state (repeatable or comma-separated), code.")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<ExceptionItemResponse> items(@PathParam("messageId") String messageId,
            @QueryParam("state") List<String> states, @QueryParam("code") String code,
            @QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        ListExceptionItemsResponse page = exceptions.items(itemsOf(messageId, states, code)
                .setPageSize(Paging.size(pageSize)).setPageToken(pageToken == null ? "" : pageToken).build());
        return Page.of(page.getItemsList().stream().map(mapper::toResponse).toList(), page.getNextPageToken());
    }

    @GET
    @Path("{messageId}/items.csv")
    @Produces("text/csv")
    @Operation(summary = "Export the items of an exception message as CSV",
            description = "Same filters as the item list; one row per item, the record snapshot as a JSON column.")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Response exportItems(@PathParam("messageId") String messageId, @QueryParam("state") List<String> states,
            @QueryParam("code") String code) {
        return Response.ok(csv.export(itemsOf(messageId, states, code)), "text/csv")
                .header("Content-Disposition", "attachment; filename=\"exception-" + messageId + "-items.csv\"")
                .build();
    }

    @POST
    @Path("{messageId}/ignore")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ignore an exception message, or some of its items",
            description = "Body optional: {\"itemIds\": [...]}. Ignored problems notify nobody and do not count "
                    + "as open; the same record rejected again stays ignored.")
    @RolesAllowed(OPERATOR)
    public StateChangeResponse ignore(@PathParam("messageId") String messageId, ItemSelection body) {
        return changed(actions.setState(messageId, body, ExceptionState.EXCEPTION_STATE_IGNORED));
    }

    @POST
    @Path("{messageId}/reopen")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reopen an ignored exception message, or some of its items",
            description = "Body optional: {\"itemIds\": [...]}.")
    @RolesAllowed(OPERATOR)
    public StateChangeResponse reopen(@PathParam("messageId") String messageId, ItemSelection body) {
        return changed(actions.setState(messageId, body, ExceptionState.EXCEPTION_STATE_OPEN));
    }

    @POST
    @Path("{messageId}/retry")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Retry the transfer of an exception message's records, or of selected items",
            description = "Body optional: {\"itemIds\": [...]}; without it, every item not resolved or ignored. "
                    + "Starts a retry run that re-reads exactly those records by key from the source and writes "
                    + "them, without moving the watermark; a failure message re-runs its point. Answers 202 with "
                    + "the message (RETRYING) and the run. Items written by the run resolve; items rejected again "
                    + "count another attempt.")
    @RolesAllowed(OPERATOR)
    public RestResponse<RetryResponse> retry(@PathParam("messageId") String messageId, ItemSelection body) {
        ExceptionActions.Retry retry = actions.retry(messageId, body);
        return RestResponse.ResponseBuilder.<RetryResponse> create(RestResponse.Status.ACCEPTED)
                .location(URI.create("/api/v1/runs/" + retry.run().getId()))
                .entity(new RetryResponse(mapper.toResponse(retry.message()), RunMapper.toResponse(retry.run(), true)))
                .build();
    }

    // The same actions as a bare POST (no body, no Content-Type): on the whole message.

    @POST
    @Path("{messageId}/ignore")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    @RolesAllowed(OPERATOR)
    public StateChangeResponse ignoreWithoutBody(@PathParam("messageId") String messageId) {
        return ignore(messageId, null);
    }

    @POST
    @Path("{messageId}/reopen")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    @RolesAllowed(OPERATOR)
    public StateChangeResponse reopenWithoutBody(@PathParam("messageId") String messageId) {
        return reopen(messageId, null);
    }

    @POST
    @Path("{messageId}/retry")
    @Consumes(MediaType.WILDCARD)
    @Operation(hidden = true)
    @RolesAllowed(OPERATOR)
    public RestResponse<RetryResponse> retryWithoutBody(@PathParam("messageId") String messageId) {
        return retry(messageId, null);
    }

    private static ListExceptionItemsRequest.Builder itemsOf(String messageId,
            List<String> states, String code) {
        return new ExceptionQuery(null, null, null, Ids.parse("messageId", messageId).toString(), states, code, null,
                null, null).items();
    }

    private StateChangeResponse changed(SetExceptionStateResponse response) {
        return new StateChangeResponse(mapper.toResponse(response.getMessage()), response.getChangedItems());
    }
}
