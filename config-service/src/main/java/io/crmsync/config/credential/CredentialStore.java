package io.crmsync.config.credential;

import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.crypto.Sealed;
import io.crmsync.common.error.CrmsyncException;
import io.crmsync.config.endpoint.ConnectionTested;
import io.crmsync.config.endpoint.EndpointEntity;
import io.crmsync.config.endpoint.EndpointRegistry;
import io.crmsync.config.endpoint.EndpointType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Stores, removes and releases endpoint credentials; only ciphertext reaches the database. */
@ApplicationScoped
public class CredentialStore {

    static final String PASSWORD = "password";
    private static final Logger LOG = Logger.getLogger(CredentialStore.class);
    private static final TypeReference<TreeMap<String, String>> SECRETS = new TypeReference<>() {
    };
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final int MAX_SECRETS = 20;
    private static final int MAX_VALUE_LENGTH = 16_384;

    private final EndpointRegistry endpoints;
    private final CredentialVault vault;
    private final ObjectMapper json;
    private final Clock clock;

    CredentialStore(EndpointRegistry endpoints, CredentialVault vault, ObjectMapper json, Clock clock) {
        this.endpoints = endpoints;
        this.vault = vault;
        this.json = json;
        this.clock = clock;
    }

    /** Replaces the endpoint's credential; the endpoint's version moves on. */
    @Transactional
    public void store(UUID endpointId, Map<String, String> secrets) {
        EndpointEntity endpoint = endpoints.getForUpdate(endpointId);
        byte[] plaintext = serialize(validated(endpoint.type, endpoint.settings, secrets));
        Sealed sealed;
        try {
            sealed = vault.seal(endpointId, plaintext);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
        CredentialEntity row = CredentialEntity.findById(endpointId);
        if (row == null) {
            row = new CredentialEntity();
            row.endpointId = endpointId;
        }
        row.keyId = sealed.keyId();
        row.nonce = sealed.nonce();
        row.ciphertext = sealed.ciphertext();
        row.updateTime = clock.instant();
        row.checkError = null; // a new credential has not failed yet
        row.checkTime = null;
        row.persist();
        endpoints.touch(endpoint);
        LOG.infof("credential stored endpoint_id=%s key_id=%s", endpointId, sealed.keyId());
    }

    /**
     * Records a connection test's outcome on the stored credential (nothing when none is stored): a failure
     * turns the endpoint's status to ERROR with the reason; a pass or a new credential clears it.
     */
    @Transactional
    void recordCheck(@Observes ConnectionTested tested) {
        CredentialEntity row = CredentialEntity.findById(tested.endpointId());
        if (row != null) {
            row.checkError = tested.ok() ? null
                    : tested.message() == null || tested.message().isBlank() ? "connection test failed"
                            : tested.message();
            row.checkTime = clock.instant();
        }
    }

    /** Forgets the endpoint's credential; nothing to forget is fine. */
    @Transactional
    public void remove(UUID endpointId) {
        EndpointEntity endpoint = endpoints.getForUpdate(endpointId);
        if (CredentialEntity.deleteById(endpointId)) {
            endpoints.touch(endpoint);
            LOG.infof("credential removed endpoint_id=%s", endpointId);
        }
    }

    /** The decrypted secrets, for transfer workers only. */
    @Transactional
    public Map<String, String> reveal(UUID endpointId) {
        endpoints.get(endpointId);
        CredentialEntity row = CredentialEntity.findById(endpointId);
        if (row == null) {
            throw new CrmsyncException(CredentialErrors.MISSING, "endpoint " + endpointId + " has no credential");
        }
        byte[] plaintext = vault.open(endpointId, new Sealed(row.keyId, row.nonce, row.ciphertext));
        try {
            Map<String, String> secrets = json.readValue(plaintext, SECRETS);
            LOG.infof("credential released endpoint_id=%s key_id=%s", endpointId, row.keyId);
            return secrets;
        } catch (IOException e) {
            throw new IllegalStateException("a credential that authenticated is not a JSON object", e);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Messages name the secret, never its value. */
    static Map<String, String> validated(EndpointType type, Map<String, String> settings,
            Map<String, String> secrets) {
        if (secrets.isEmpty()) {
            throw CrmsyncException.invalidField("secrets", "must hold at least one secret");
        }
        if (secrets.size() > MAX_SECRETS) {
            throw CrmsyncException.invalidField("secrets", "must hold at most " + MAX_SECRETS + " secrets");
        }
        Map<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> secret : secrets.entrySet()) {
            if (!NAME.matcher(secret.getKey()).matches()) {
                throw CrmsyncException.invalidField("secrets",
                        "names must start with a letter and hold only letters, digits and '_'");
            }
            String field = "secrets." + secret.getKey();
            if (secret.getValue() == null) {
                throw CrmsyncException.invalidField(field, "must not be null");
            }
            if (secret.getValue().length() > MAX_VALUE_LENGTH) {
                throw CrmsyncException.invalidField(field, "must be at most " + MAX_VALUE_LENGTH + " characters");
            }
            copy.put(secret.getKey(), secret.getValue());
        }
        CredentialShape shape = CredentialShape.of(type, settings);
        for (String required : shape.required()) {
            if (!copy.containsKey(required)) {
                throw CrmsyncException.invalidField("secrets." + required, "is required for " + shape.label());
            }
        }
        for (String name : copy.keySet()) {
            if (!shape.known().contains(name)) {
                throw CrmsyncException.invalidField("secrets." + name, "is not a secret of " + shape.label()
                        + (shape.known().isEmpty() ? ", which take none" : "; known: " + String.join(", ", shape.known())));
            }
        }
        return copy;
    }

    private byte[] serialize(Map<String, String> secrets) {
        try {
            return json.writeValueAsBytes(secrets);
        } catch (IOException e) {
            throw new IllegalStateException("cannot serialize a map of strings", e);
        }
    }
}
