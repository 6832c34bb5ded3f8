package io.crmsync.config.auth;

import java.util.List;
import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Static bearer tokens of the admin API. The token values are secrets: never logged nor echoed. */
@ConfigMapping(prefix = "crmsync.auth")
public interface AuthConfig {

    /**
     * Tokens by a name that identifies the caller in logs, e.g. {@code crmsync.auth.static-tokens.admin.token}
     * (env {@code CRMSYNC_AUTH_STATIC_TOKENS_ADMIN_TOKEN}) and {@code ….admin.roles}. Names are lower-case
     * letters and digits, so that they survive the round trip through environment variable names.
     */
    Map<String, StaticTokenConfig> staticTokens();

    /** One static token and the roles it grants. */
    interface StaticTokenConfig {

        /** At least {@value StaticTokens#MIN_LENGTH} characters of {@code [A-Za-z0-9-._~+/=]}. */
        String token();

        /** Comma-separated roles, see {@link Roles}. */
        List<String> roles();
    }
}
