package io.crmsync.config.credential;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.crmsync.config.endpoint.EndpointType;

/**
 * The secrets an endpoint's credential holds, by type and, for CRMs, by the endpoint's {@code authFlow}
 * setting: what the worker will need to authenticate, so a credential missing a piece is refused when saved
 * rather than failing the first run.
 */
record CredentialShape(String label, List<String> required, List<String> known) {

    static CredentialShape of(EndpointType type, Map<String, String> settings) {
        String flow = settings.get("authFlow");
        return switch (type) {
            case POSTGRESQL, MARIADB -> shape(type, null, List.of("password"), List.of("password"));
            case SALESFORCE -> switch (flow == null ? "client_credentials" : flow) {
                case "jwt_bearer" -> shape(type, "jwt_bearer", List.of("privateKey"), List.of("privateKey"));
                case "refresh_token" -> shape(type, "refresh_token", List.of("clientSecret", "refreshToken"),
                        List.of("clientSecret", "refreshToken"));
                default -> shape(type, "client_credentials", List.of("clientSecret"), List.of("clientSecret"));
            };
            case HUBSPOT -> "oauth".equals(flow)
                    ? shape(type, "oauth", List.of("clientSecret", "refreshToken"), List.of("clientSecret", "refreshToken"))
                    : shape(type, "private_app", List.of("accessToken"), List.of("accessToken"));
            case DYNAMICS -> shape(type, null, List.of("clientSecret"), List.of("clientSecret"));
            case CSV -> shape(type, null, List.of(), List.of());
        };
    }

    private static CredentialShape shape(EndpointType type, String flow, List<String> required, List<String> known) {
        String name = type.name().toLowerCase(Locale.ROOT) + " endpoints";
        return new CredentialShape(flow == null ? name : name + " with authFlow " + flow, required, known);
    }
}
