package io.crmsync.config.credential;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.crmsync.common.id.Ids;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Write-only: there is no GET. An endpoint's credentialStatus tells whether one is stored. */
@Path("/api/v1/endpoints/{id}/credential")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "Credentials", description = "Write-only secrets of endpoints")
public class CredentialResource {

    private final CredentialStore credentials;

    CredentialResource(CredentialStore credentials) {
        this.credentials = credentials;
    }

    @PUT
    @Operation(summary = "Store (replace) an endpoint's credential",
            description = "Body {\"secrets\": {\"password\": \"...\"}}; "
            + "postgresql and mariadb endpoints need `password`. Answers 204; the secret is never returned.")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public void store(@PathParam("id") String id, @Valid @NotNull(message = "is required") CredentialRequest body) {
        credentials.store(Ids.parse("id", id), body.secrets());
    }

    @DELETE
    @Operation(summary = "Forget an endpoint's credential")
    @RolesAllowed(CONNECTIONS_ADMIN)
    public void remove(@PathParam("id") String id) {
        credentials.remove(Ids.parse("id", id));
    }
}
