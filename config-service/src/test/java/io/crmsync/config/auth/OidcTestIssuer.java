package io.crmsync.config.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import io.quarkus.test.junit.QuarkusTestProfile;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

/** Plays the OIDC provider: its public key is configured through {@link Profile}, its private key signs. */
final class OidcTestIssuer {

    static final String ISSUER = "https://idp.crmsync.test/realms/crmsync";

    private OidcTestIssuer() {
    }

    /** OIDC on, verifying with the issuer's public key: no provider needs to run. */
    public static class Profile implements QuarkusTestProfile {

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "quarkus.oidc.tenant-enabled", "true",
                    "quarkus.oidc.public-key", base64Body(pem("issuer-public-key.pem")),
                    "quarkus.oidc.token.issuer", ISSUER,
                    "quarkus.http.auth.roles-mapping.\"crm-ops\"", Roles.OPERATOR);
        }
    }

    /** A token of the issuer for {@code groups} (none: no groups claim), valid for five minutes. */
    static String token(Set<String> groups) {
        return sign(claims(groups, Instant.now().plus(Duration.ofMinutes(5))), "issuer-key.pem");
    }

    static String expiredToken(Set<String> groups) {
        return sign(claims(groups, Instant.now().minus(Duration.ofHours(1))), "issuer-key.pem");
    }

    /** Claims the issuer's, signed by a key the service has never seen. */
    static String tokenSignedByAnotherKey(Set<String> groups) {
        return sign(claims(groups, Instant.now().plus(Duration.ofMinutes(5))), "other-key.pem");
    }

    static String tokenOfAnotherIssuer(Set<String> groups) {
        return sign(Jwt.issuer("https://elsewhere.test").subject("mallory").groups(groups)
                .expiresAt(Instant.now().plus(Duration.ofMinutes(5))), "issuer-key.pem");
    }

    private static JwtClaimsBuilder claims(Set<String> groups, Instant expiresAt) {
        JwtClaimsBuilder claims = Jwt.issuer(ISSUER).subject("alice").upn("alice@example.com")
                .issuedAt(expiresAt.minus(Duration.ofMinutes(10))).expiresAt(expiresAt);
        return groups.isEmpty() ? claims : claims.groups(groups);
    }

    private static String sign(JwtClaimsBuilder claims, String keyFile) {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA")
                    .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64Body(pem(keyFile)))));
            return claims.jws().keyId("test").sign(key);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(keyFile + " is not a PKCS#8 RSA key", e);
        }
    }

    private static String pem(String file) {
        try (InputStream in = OidcTestIssuer.class.getResourceAsStream("/oidc/" + file)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String base64Body(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    }
}
