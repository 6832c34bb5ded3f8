package io.crmsync.config.ascode;

import static io.crmsync.config.auth.Roles.CONNECTIONS_ADMIN;
import static io.crmsync.config.auth.Roles.INTEGRATIONS_ADMIN;
import static io.crmsync.config.auth.Roles.OPERATOR;
import static io.crmsync.config.auth.Roles.VIEWER;

import java.util.Locale;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;

import io.crmsync.common.error.CrmsyncException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Export and import of the whole configuration as one JSON or YAML document. */
@Path("/api/v1/config")
@Tag(name = "Configuration as code", description = "Export and import everything but credentials")
public class ConfigResource {

    @Inject
    SecurityIdentity identity;


    static final String YAML = "application/yaml";

    private final ConfigExporter exporter;
    private final ConfigImporter importer;
    private final ObjectMapper json;
    private final ObjectMapper yaml;
    private final Validator validator;

    ConfigResource(ConfigExporter exporter, ConfigImporter importer, ObjectMapper json, Validator validator) {
        this.exporter = exporter;
        this.importer = importer;
        this.json = json;
        this.validator = validator;
        // Same rules as the REST mapper (unknown fields refused, instants as ISO-8601 text), but no document start
        // marker and plain quoting.
        this.yaml = new ObjectMapper(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }

    @GET
    @Path("export")
    @Produces({ MediaType.APPLICATION_JSON, YAML })
    @Operation(summary = "Export endpoints, connections and integrations (no credentials), references by name")
    @RolesAllowed({ VIEWER, CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR })
    public Response export(@QueryParam("format") String format) throws JsonProcessingException {
        boolean asYaml = "yaml".equals(format);
        if (format != null && !asYaml && !"json".equals(format)) {
            throw CrmsyncException.invalidField("format", "must be json or yaml");
        }
        ConfigDocument document = exporter.export();
        return asYaml ? Response.ok(yaml.writeValueAsString(document), YAML).build()
                : Response.ok(json.writeValueAsString(document), MediaType.APPLICATION_JSON).build();
    }

    @POST
    @Path("import")
    @Consumes({ MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml" })
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import an exported document: create what is missing, change what differs, by name",
            description = "Idempotent; nothing is deleted; one transaction. JSON or YAML by Content-Type.")
    @RolesAllowed({ CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN })
    public ImportResult importDocument(@HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, String body) {
        // A document declares endpoints and connections as well as integrations: it needs both writer roles.
        if (!identity.hasRole(CONNECTIONS_ADMIN) || !identity.hasRole(INTEGRATIONS_ADMIN)) {
            throw new ForbiddenException("importing a configuration needs both the connections-admin and the "
                    + "integrations-admin role");
        }
        ConfigDocument document = parse(isYaml(contentType) ? yaml : json, body);
        Set<ConstraintViolation<ConfigDocument>> violations = validator.validate(document);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return importer.importDocument(document);
    }

    private static boolean isYaml(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).contains("yaml");
    }

    /** Parse failures become the same 400s as JSON bodies elsewhere (see api.ProblemMapper). */
    private static ConfigDocument parse(ObjectMapper mapper, String body) {
        if (body == null || body.isBlank()) {
            throw CrmsyncException.invalidField("body", "is required");
        }
        try {
            ConfigDocument document = mapper.readValue(body, ConfigDocument.class);
            if (document == null) {
                throw CrmsyncException.invalidField("body", "is required");
            }
            return document;
        } catch (StreamReadException e) {
            throw CrmsyncException.invalidField("body", "is not a valid JSON or YAML document");
        } catch (JsonProcessingException e) {
            throw new WebApplicationException(e, 400);
        }
    }
}
