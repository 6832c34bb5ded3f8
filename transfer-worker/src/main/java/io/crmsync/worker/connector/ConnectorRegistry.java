package io.crmsync.worker.connector;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.crmsync.proto.config.v1.EndpointType;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.literal.NamedLiteral;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** Finds the connector of an endpoint type by its {@code @Named} value. */
@Singleton
public class ConnectorRegistry {

    private final Function<String, Optional<Connector>> lookup;

    @Inject
    ConnectorRegistry(@Any Instance<Connector> connectors) {
        this(type -> {
            Instance<Connector> named = connectors.select(NamedLiteral.of(type));
            return named.isResolvable() ? Optional.of(named.get()) : Optional.empty();
        });
    }

    private ConnectorRegistry(Function<String, Optional<Connector>> lookup) {
        this.lookup = lookup;
    }

    /** A registry of exactly these connectors, for code that runs outside CDI (tests, tools). */
    public static ConnectorRegistry of(Connector... connectors) {
        Map<String, Connector> byType = Arrays.stream(connectors)
                .collect(Collectors.toMap(Connector::type, c -> c));
        return new ConnectorRegistry(type -> Optional.ofNullable(byType.get(type)));
    }

    /** The connector named {@code type}, e.g. {@code postgresql}. */
    public Optional<Connector> find(String type) {
        return lookup.apply(type);
    }

    /** The type name of a proto endpoint type: {@code ENDPOINT_TYPE_POSTGRESQL} becomes {@code postgresql}. */
    public static String typeName(EndpointType type) {
        return type.name().replaceFirst("^ENDPOINT_TYPE_", "").toLowerCase(Locale.ROOT);
    }
}
