package io.crmsync.config.lookup;

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
import io.crmsync.common.paging.PageRequest;
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

@Path("/api/v1/lookups")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Reference lookups", description = "Named tables translating source values to target values")
public class LookupResource {

    private static final String CSV = "text/csv";

    private final LookupStore lookups;

    LookupResource(LookupStore lookups) {
        this.lookups = lookups;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an empty reference lookup")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public RestResponse<LookupResponse> create(@Valid @NotNull(message = "is required") LookupRequest body) {
        LookupEntity lookup = lookups.create(body);
        return RestResponse.ResponseBuilder.<LookupResponse> created(URI.create("/api/v1/lookups/" + lookup.id))
                .entity(LookupResponse.of(lookup)).build();
    }

    @GET
    @Operation(summary = "List reference lookups by name")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Page<LookupResponse> list(@QueryParam("pageToken") String pageToken, @QueryParam("pageSize") String pageSize) {
        PageRequest page = Paging.of(pageToken, pageSize);
        List<LookupEntity> found = lookups.list(page);
        return Page.of(found.stream().map(LookupResponse::of).toList(), page.nextToken(found.size()));
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a reference lookup (without its entries)")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public LookupResponse get(@PathParam("id") String id) {
        return LookupResponse.of(lookups.get(Ids.parse("id", id)));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a reference lookup")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public void delete(@PathParam("id") String id) {
        lookups.delete(Ids.parse("id", id));
    }

    @PUT
    @Path("{id}/entries")
    @Consumes(CSV)
    @Operation(summary = "Replace every entry from a CSV file with the header source,target; "
            + "a file with any bad line is refused whole, every bad line named")
    @RolesAllowed(INTEGRATIONS_ADMIN)
    public LookupResponse upload(@PathParam("id") String id, byte[] csv) {
        return LookupResponse.of(lookups.replaceEntries(Ids.parse("id", id), LookupCsv.parse(csv == null ? new byte[0] : csv)));
    }

    @GET
    @Path("{id}/entries")
    @Produces(CSV)
    @Operation(summary = "Download every entry as CSV")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public RestResponse<String> download(@PathParam("id") String id) {
        LookupEntity lookup = lookups.get(Ids.parse("id", id));
        return RestResponse.ResponseBuilder.ok(LookupCsv.write(lookups.entries(lookup.id, null)), CSV)
                .header("Content-Disposition", "attachment; filename=\"" + lookup.name.replace('"', '_') + ".csv\"")
                .build();
    }
}
