package io.crmsync.config.mapping;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.common.error.GrpcErrors;
import io.crmsync.config.endpoint.EndpointEntity;
import io.crmsync.config.endpoint.EndpointRegistry;
import io.crmsync.proto.transfer.v1.DescribeObjectRequest;
import io.crmsync.proto.transfer.v1.FieldDescription;
import io.crmsync.proto.transfer.v1.TransferServiceGrpc;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.crmsync.rules.FieldType;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Asks a transfer worker for an object's fields. One instance of {@link Session} per request caches answers. */
@ApplicationScoped
public class ObjectDescriber {

    @GrpcClient("transfer")
    TransferServiceGrpc.TransferServiceBlockingStub transfer;

    private final Duration deadline;
    private final EndpointRegistry endpoints;

    ObjectDescriber(@ConfigProperty(name = "crmsync.grpc.test-connection-deadline") Duration deadline,
            EndpointRegistry endpoints) {
        this.deadline = deadline;
        this.endpoints = endpoints;
    }

    /**
     * The fields of an object, or why they could not be had.
     *
     * @param endpointType the endpoint's type, which decides what its type names mean
     * @param zone the zone of the endpoint's wall-clock values (its {@code timeZone} setting, else UTC)
     */
    public record Described(List<FieldDescription> fields, String problem, String endpointType, ZoneId zone) {

        boolean known() {
            return problem == null;
        }

        /** The field's type, or null when the field is unknown. */
        FieldType typeOf(String field) {
            return fields.stream().filter(f -> f.getName().equals(field)).findFirst()
                    .map(f -> FieldType.of(endpointType, f.getType())).orElse(null);
        }

        Map<String, FieldDescription> byName() {
            Map<String, FieldDescription> byName = new HashMap<>();
            fields.forEach(f -> byName.put(f.getName(), f));
            return byName;
        }
    }

    /** Describes objects for one request, asking the worker once per (endpoint, object). */
    public final class Session {

        private final Map<String, Described> cache = new HashMap<>();

        public Described describe(UUID endpointId, String object) {
            return cache.computeIfAbsent(endpointId + "/" + object, key -> ask(endpointId, object));
        }
    }

    public Session session() {
        return new Session();
    }

    private Described ask(UUID endpointId, String object) {
        EndpointEntity endpoint = endpoints.get(endpointId);
        String type = endpoint.type.name().toLowerCase(Locale.ROOT);
        String zoneSetting = endpoint.settings == null ? null : endpoint.settings.get("timeZone");
        ZoneId zone = zoneSetting == null ? ZoneOffset.UTC : ZoneId.of(zoneSetting);
        try {
            List<FieldDescription> fields = transfer.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .describeObject(DescribeObjectRequest.newBuilder().setEndpointId(endpointId.toString())
                            .setObjectName(object).build())
                    .getFieldsList();
            return new Described(fields, null, type, zone);
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED) {
                // Without a worker nothing can be checked: that is the service's trouble, not the mapping's.
                throw new CrmsyncException(ErrorCode.UNAVAILABLE,
                        "no transfer worker answered, so the objects could not be described; try again", null, e);
            }
            String why = code == Status.Code.NOT_FOUND ? "does not exist"
                    : "could not be described: " + GrpcErrors.fromCall("transfer-worker", e).getMessage();
            return new Described(List.of(), "object '" + object + "' " + why, type, zone);
        }
    }
}
