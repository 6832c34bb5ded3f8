package io.crmsync.config.mapping;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.config.integration.IntegrationCatalog;
import io.crmsync.config.integration.IntegrationDefinition;
import io.crmsync.config.integration.point.PointEntity;
import io.crmsync.config.integration.point.PointErrors;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/v1/integrations/{id}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Mapping", description = "Validate and auto-map fields against the real objects")
public class MappingResource {

    /** Every problem found, or none. */
    public record Validation(boolean valid, List<MappingProblem> problems) {
    }

    /** Suggested pairs, key fields first, and the target fields no source name matched. */
    public record AutoMap(List<AutoMapper.Suggestion> suggestions, List<String> unmatchedTargetFields) {
    }

    private final IntegrationCatalog catalog;
    private final MappingValidator validator;
    private final ObjectDescriber describer;
    private final PointPreview preview;

    MappingResource(IntegrationCatalog catalog, MappingValidator validator, ObjectDescriber describer,
            PointPreview preview) {
        this.catalog = catalog;
        this.validator = validator;
        this.describer = describer;
        this.preview = preview;
    }

    @POST
    @Path("validate")
    @Operation(summary = "Check every point against its real source and target objects; lists every problem")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Validation validate(@PathParam("id") String id) {
        List<MappingProblem> problems = validator.validate(catalog.definition(Ids.parse("id", id)));
        return new Validation(problems.isEmpty(), problems);
    }

    @POST
    @Path("points/{pointId}/automap")
    @Operation(summary = "Suggest field rules by matching source and target field names, key fields first")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public AutoMap autoMap(@PathParam("id") String id, @PathParam("pointId") String pointId) {
        IntegrationDefinition definition = catalog.definition(Ids.parse("id", id));
        PointEntity point = point(definition, id, pointId);
        ObjectDescriber.Session session = describer.session();
        ObjectDescriber.Described source = session.describe(definition.ends().sourceFor(point.direction),
                point.sourceObject);
        ObjectDescriber.Described target = session.describe(definition.ends().targetFor(point.direction),
                point.targetObject);
        if (!source.known() || !target.known()) {
            throw CrmsyncException.invalidField(source.known() ? "targetObject" : "sourceObject",
                    source.known() ? target.problem() : source.problem());
        }
        List<AutoMapper.Suggestion> suggestions = AutoMapper.suggest(source.fields(), target.fields());
        List<String> unmatched = target.fields().stream().map(f -> f.getName())
                .filter(name -> suggestions.stream().noneMatch(s -> s.targetField().equals(name))).toList();
        return new AutoMap(suggestions, unmatched);
    }

    @POST
    @Path("points/{pointId}/preview")
    @Operation(summary = "Run the point's first source records (default 10, at most 100) through its field rules "
            + "on a transfer worker; nothing is written")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public PointPreview.Preview preview(@PathParam("id") String id, @PathParam("pointId") String pointId,
            @QueryParam("limit") String limit) {
        IntegrationDefinition definition = catalog.definition(Ids.parse("id", id));
        PointEntity point = point(definition, id, pointId);
        return preview.preview(definition.integration().id, point.id, limit);
    }

    private static PointEntity point(IntegrationDefinition definition, String id, String pointId) {
        UUID wanted = Ids.parse("pointId", pointId);
        return definition.points().stream().filter(p -> p.id.equals(wanted)).findFirst()
                .orElseThrow(() -> new CrmsyncException(PointErrors.NOT_FOUND,
                        "point " + pointId + " not found in integration " + id));
    }
}
