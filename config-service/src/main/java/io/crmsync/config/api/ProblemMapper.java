package io.crmsync.config.api;

import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.config.auth.AuthErrors;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place where failures of the admin API become {@code application/problem+json}. Details never
 * echo request values (a value may be a password) nor carry stack traces; unexpected failures are logged
 * here and answered with a generic 500.
 */
public class ProblemMapper {

    public static final String MEDIA_TYPE = "application/problem+json";
    static final String TYPE_BASE = "https://crmsync.io/problems/";
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    private final ObjectMapper json;

    ProblemMapper(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper
    public Response crmsync(CrmsyncException e) {
        if (e.code().httpStatus() == 503) {
            LOG.warnf("request failed reason=%s detail=%s", e.code().reason(), e.getMessage());
        } else if (e.code().httpStatus() >= 500) {
            LOG.error("request failed reason=" + e.code().reason(), e);
        }
        List<Problem.FieldError> errors = e instanceof InvalidInputException invalid ? invalid.errors() : null;
        return problem(e.code().httpStatus(), e.code().reason(), e.getMessage(), e.field(), errors);
    }

    @ServerExceptionMapper
    public Response violations(ConstraintViolationException e) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(FieldPaths.of(v.getPropertyPath()), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::detail))
                .distinct()
                .toList();
        Problem.FieldError first = errors.get(0);
        return problem(400, ErrorCode.INVALID_ARGUMENT.reason(), first.field() + ": " + first.detail(), first.field(),
                errors.size() > 1 ? errors : null);
    }

    /** No bearer token on a protected request. */
    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return challenge(problem(401, AuthErrors.UNAUTHENTICATED.reason(),
                "this request needs an Authorization: Bearer token", null, null), "Bearer");
    }

    /** A bearer token that is neither a configured static token nor a valid OIDC token. */
    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        // Why it failed (expired, wrong signature, unknown) stays out of the answer and the log: it helps probing.
        return challenge(problem(401, AuthErrors.UNAUTHENTICATED.reason(),
                "the bearer token is not valid: unknown, expired or not signed by the configured issuer", null, null),
                "Bearer error=\"invalid_token\"");
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return problem(403, AuthErrors.PERMISSION_DENIED.reason(),
                "the token's roles do not allow this request", null, null);
    }

    /** Wrong JSON types and unknown enum values, e.g. {@code "type": "oracle"} or {@code "failureThreshold": "ten"}. */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e) {
        String field = FieldPaths.of(e.getPath());
        String detail = e instanceof UnrecognizedPropertyException ? "is not a known field"
                : FieldPaths.expectation(e.getTargetType(), json);
        return problem(400, ErrorCode.INVALID_ARGUMENT.reason(), field + ": " + detail, field, null);
    }

    /** JAX-RS failures (unknown path, wrong method or media type) and unparseable JSON bodies. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e) {
        if (e.getCause() instanceof StreamReadException) {
            return problem(400, ErrorCode.INVALID_ARGUMENT.reason(), "body: is not valid JSON", FieldPaths.BODY, null);
        }
        if (e.getCause() instanceof MismatchedInputException mismatch) {
            return mismatchedInput(mismatch);
        }
        if (e.getCause() instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // e.g. a number beyond the field's range: Jackson names the field in its path, not in its type.
            String field = FieldPaths.of(mapping.getPath());
            return problem(400, ErrorCode.INVALID_ARGUMENT.reason(), field + ": is not a valid value (wrong type or"
                    + " out of range)", field, null);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return unexpected(e);
        }
        String reason = switch (status) {
            case 404 -> "crmsync.not_found";
            case 405 -> "crmsync.method_not_allowed";
            case 415 -> "crmsync.unsupported_media_type";
            case 406 -> "crmsync.not_acceptable";
            default -> ErrorCode.INVALID_ARGUMENT.reason();
        };
        return problem(status, reason, title(status), null, null);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CrmsyncException crmsync) {
                return crmsync(crmsync);
            }
            if (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("22")) {
                // A data exception: the database cannot store a value, e.g. text holding a NUL character.
                // The driver's message may quote the value, so it stays out of the response and the log.
                LOG.warnf("request refused by the database as a data exception sqlstate=%s", sql.getSQLState());
                return problem(400, ErrorCode.INVALID_ARGUMENT.reason(),
                        "body: holds a value that cannot be stored (for example a NUL character in a text)",
                        FieldPaths.BODY, null);
            }
            if (cause instanceof org.hibernate.exception.ConstraintViolationException) {
                // A unique or foreign key raced a concurrent change that the checks before it could not see.
                LOG.warnf("request refused by a database constraint: %s", cause.getClass().getSimpleName());
                return problem(409, "config.concurrent_change",
                        "the request conflicts with a concurrent change; read the resource again and retry", null,
                        null);
            }
        }
        LOG.error("unexpected failure", e);
        return problem(500, ErrorCode.INTERNAL.reason(), "internal error", null, null);
    }

    private Response problem(int status, String reason, String detail, String field, List<Problem.FieldError> errors) {
        Problem problem = new Problem(TYPE_BASE + reason, title(status), status, detail, reason, field, errors);
        String body;
        try {
            body = json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            body = "{\"status\":" + status + ",\"reason\":\"" + reason + "\"}";
        }
        return Response.status(status).type(MEDIA_TYPE).entity(body).build();
    }

    /** RFC 6750: a 401 tells the client which scheme to use. */
    private static Response challenge(Response problem, String challenge) {
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, challenge).build();
    }

    private static String title(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known != null ? known.getReasonPhrase() : "HTTP " + status;
    }
}
