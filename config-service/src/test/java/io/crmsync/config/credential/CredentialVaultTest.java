package io.crmsync.config.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;

import io.crmsync.common.crypto.Keyring;
import io.crmsync.common.crypto.Sealed;
import io.crmsync.common.error.CrmsyncException;

/** The vault and its keyring without Quarkus: sealing, opening, rotation and the startup checks of keys. */
class CredentialVaultTest {

    private static final String KEY = base64(32, 7);
    private static final byte[] SECRET = "{\"password\":\"p\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void shouldOpenWhatItSealedForTheSameOwner() {
        // given
        CredentialVault vault = vault(KEY, "k1");
        UUID owner = UUID.randomUUID();
        // when
        Sealed sealed = vault.seal(owner, SECRET);
        // then
        assertThat(sealed.keyId()).isEqualTo("k1");
        assertThat(sealed.nonce()).hasSize(12);
        assertThat(sealed.ciphertext()).hasSize(SECRET.length + 16);
        assertThat(vault.open(owner, sealed)).isEqualTo(SECRET);
    }

    @Test
    void shouldRefuseToOpenForAnotherOwner() {
        // given
        CredentialVault vault = vault(KEY, "k1");
        Sealed sealed = vault.seal(UUID.randomUUID(), SECRET);
        // when / then
        assertThatThrownBy(() -> vault.open(UUID.randomUUID(), sealed))
                .isInstanceOfSatisfying(CrmsyncException.class,
                        e -> assertThat(e.code().reason()).isEqualTo("config.credential_unreadable"));
    }

    @Test
    void shouldRefuseATamperedCiphertext() {
        // given
        CredentialVault vault = vault(KEY, "k1");
        UUID owner = UUID.randomUUID();
        Sealed sealed = vault.seal(owner, SECRET);
        sealed.ciphertext()[3] ^= 1;
        // when / then
        assertThatThrownBy(() -> vault.open(owner, sealed)).isInstanceOf(CrmsyncException.class);
    }

    @Test
    void shouldNeverReuseANonce() {
        // given
        CredentialVault vault = vault(KEY, "k1");
        UUID owner = UUID.randomUUID();
        // when
        Sealed first = vault.seal(owner, SECRET);
        Sealed second = vault.seal(owner, SECRET);
        // then
        assertThat(second.nonce()).isNotEqualTo(first.nonce());
        assertThat(second.ciphertext()).isNotEqualTo(first.ciphertext());
    }

    @Test
    void shouldOpenWithARetiredKeyAfterRotation() {
        // given
        UUID owner = UUID.randomUUID();
        Sealed old = vault(KEY, "k1").seal(owner, SECRET);
        String newKey = base64(32, 9);
        CredentialVault rotated = new CredentialVault(CredentialVault.keyring(Optional.of(newKey), "k2", Map.of("k1", KEY)));
        // when / then
        assertThat(rotated.open(owner, old)).isEqualTo(SECRET);
        assertThat(rotated.seal(owner, SECRET).keyId()).isEqualTo("k2");
    }

    @Test
    void shouldNameTheMissingKeyWhenTheSealingKeyIsGone() {
        // given
        UUID owner = UUID.randomUUID();
        Sealed old = vault(KEY, "k1").seal(owner, SECRET);
        // when / then
        assertThatThrownBy(() -> vault(base64(32, 9), "k2").open(owner, old))
                .isInstanceOf(CrmsyncException.class).hasMessageContaining("'k1'");
    }

    @Test
    void shouldFailWithAClearMessageWhenTheKeyHasTheWrongLength() {
        assertThatThrownBy(() -> CredentialVault.keyring(Optional.of(base64(16, 1)), "k1", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crmsync.credentials.key")
                .hasMessageContaining("exactly 32 bytes")
                .hasMessageContaining("16 bytes");
    }

    @Test
    void shouldFailWithAClearMessageWhenTheKeyIsNotBase64() {
        assertThatThrownBy(() -> CredentialVault.keyring(Optional.of("not base64 !"), "k1", Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("crmsync.credentials.key is not valid base64");
        assertThatThrownBy(() -> CredentialVault.keyring(Optional.of(KEY), "k1", Map.of("old", base64(31, 1))))
                .hasMessageContaining("crmsync.credentials.previous-keys.old");
    }

    @Test
    void shouldWarnOnceAndUseTheBuiltInKeyWhenNoneIsConfigured() {
        // given
        List<LogRecord> records = new ArrayList<>();
        Handler capture = capture(records);
        Logger logger = Logger.getLogger(CredentialVault.class.getName());
        logger.addHandler(capture);
        try {
            // when
            CredentialVault vault = new CredentialVault(config(Optional.empty(), "primary"));
            // then
            UUID owner = UUID.randomUUID();
            assertThat(vault.seal(owner, SECRET).keyId()).isEqualTo(Keyring.BUILT_IN_KEY_ID);
            assertThat(records).filteredOn(r -> r.getLevel().intValue() >= Level.WARNING.intValue()).hasSize(1);
        } finally {
            logger.removeHandler(capture);
        }
    }

    @Test
    void shouldRefuseToStartWithoutAKeyUnlessTheBuiltInKeyIsAllowed() {
        assertThatThrownBy(() -> new CredentialVault(config(Optional.empty(), "primary", false)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CRMSYNC_CREDENTIALS_KEY")
                .hasMessageContaining("allow-built-in-key");
        assertThatThrownBy(() -> new CredentialVault(config(Optional.of("  "), "primary", false)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldNeverLogKeyMaterial() {
        // given
        List<LogRecord> records = new ArrayList<>();
        Handler capture = capture(records);
        Logger logger = Logger.getLogger(CredentialVault.class.getName());
        logger.addHandler(capture);
        try {
            // when
            new CredentialVault(config(Optional.of(KEY), "k1"));
            // then
            assertThat(records).isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getMessage() + " " + Arrays.toString(r.getParameters()))
                            .doesNotContain(KEY));
        } finally {
            logger.removeHandler(capture);
        }
    }

    private static CredentialVault vault(String key, String keyId) {
        return new CredentialVault(CredentialVault.keyring(Optional.of(key), keyId, Map.of()));
    }

    private static String base64(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed * 31 + i);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static CredentialsConfig config(Optional<String> key, String keyId) {
        return config(key, keyId, true);
    }

    private static CredentialsConfig config(Optional<String> key, String keyId, boolean allowBuiltInKey) {
        return new CredentialsConfig() {
            @Override
            public Optional<String> key() {
                return key;
            }

            @Override
            public boolean allowBuiltInKey() {
                return allowBuiltInKey;
            }

            @Override
            public String keyId() {
                return keyId;
            }

            @Override
            public Map<String, String> previousKeys() {
                return Map.of();
            }
        };
    }

    private static Handler capture(List<LogRecord> records) {
        return new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }
}
