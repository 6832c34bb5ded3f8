package io.crmsync.config.auth;

import java.util.Optional;
import java.util.Set;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Authenticates {@code Authorization: Bearer <static token>}. It runs before the OIDC mechanism; when OIDC is
 * enabled it steps aside (no identity) for any token it does not know, so the OIDC mechanism judges the rest,
 * and when OIDC is off it refuses unknown tokens itself. A static token works whether OIDC is on or off.
 */
@ApplicationScoped
public class StaticTokenMechanism implements HttpAuthenticationMechanism {

    /** Above quarkus-oidc's bearer mechanism (1001): higher priorities are asked first. */
    static final int PRIORITY = 2000;
    static final String BEARER = "Bearer";

    private final StaticTokens tokens;
    private final boolean oidcEnabled;

    StaticTokenMechanism(StaticTokens tokens,
            @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean oidcEnabled) {
        this.tokens = tokens;
        this.oidcEnabled = oidcEnabled;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        Optional<String> token = bearerToken(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        Optional<StaticTokens.Holder> holder = tokens.match(token.get());
        if (holder.isEmpty()) {
            return oidcEnabled ? Uni.createFrom().nullItem()
                    : Uni.createFrom().failure(new AuthenticationFailedException("unknown static token"));
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal("static:" + holder.get().name()))
                .addRoles(holder.get().roles())
                .build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, HttpHeaderNames.WWW_AUTHENTICATE.toString(), BEARER));
    }

    /** The identity is complete here: no IdentityProvider is involved. */
    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of();
    }

    @Override
    public int getPriority() {
        return PRIORITY;
    }

    static Optional<String> bearerToken(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length() + 1
                || !authorization.regionMatches(true, 0, BEARER + " ", 0, BEARER.length() + 1)) {
            return Optional.empty();
        }
        return Optional.of(authorization.substring(BEARER.length() + 1).trim());
    }
}
