package io.crmsync.worker.connector.salesforce;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;

/**
 * The signed assertion of Salesforce's OAuth 2.0 JWT bearer flow: an RS256 JWT with the connected app's consumer
 * key as issuer, the user as subject, the login host as audience and a lifetime of at most three minutes. The JDK
 * signs it; a JOSE library would add a dependency for one header, four claims and one signature.
 */
final class JwtAssertion {

    /** Salesforce refuses assertions valid for longer than three minutes. */
    static final long LIFETIME_SECONDS = 180;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;

    private JwtAssertion(PrivateKey key) {
        this.key = key;
    }

    /**
     * Reads an unencrypted PKCS#8 PEM RSA key ({@code -----BEGIN PRIVATE KEY-----}). The message never quotes the
     * key, which is a secret.
     *
     * @param endpoint the endpoint's name, for messages
     */
    static JwtAssertion of(String pem, String endpoint) {
        if (pem.contains("BEGIN RSA PRIVATE KEY") || pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce endpoint '" + endpoint + "': the secret "
                    + "privateKey must be an unencrypted PKCS#8 key (-----BEGIN PRIVATE KEY-----); convert it with "
                    + "openssl pkcs8 -topk8 -nocrypt -in key.pem");
        }
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            byte[] der = Base64.getDecoder().decode(base64);
            return new JwtAssertion(KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new ConnectorException(Reason.CONFIGURATION, "salesforce endpoint '" + endpoint + "': the secret "
                    + "privateKey is not a PEM-encoded PKCS#8 RSA private key");
        }
    }

    /** A fresh assertion, valid from now for {@link #LIFETIME_SECONDS}. */
    String sign(String clientId, String username, String audience, Instant now) {
        ObjectNode claims = JSON.createObjectNode();
        claims.put("iss", clientId);
        claims.put("sub", username);
        claims.put("aud", audience);
        claims.put("exp", now.getEpochSecond() + LIFETIME_SECONDS);
        String signingInput = URL.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rs256.sign());
        } catch (GeneralSecurityException e) {
            throw new ConnectorException(Reason.CONFIGURATION, "the salesforce JWT could not be signed: "
                    + e.getClass().getSimpleName());
        }
    }
}
