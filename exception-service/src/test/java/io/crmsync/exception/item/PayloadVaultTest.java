package io.crmsync.exception.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.crmsync.common.crypto.Keyring;
import io.crmsync.common.crypto.Sealed;

/** The payload vault without Quarkus: key checks named by exception-service's properties, rotation, expiry. */
class PayloadVaultTest {

    private static final String OLD_KEY = key(1);
    private static final String NEW_KEY = key(2);
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void shouldRefuseToStartWithoutAKeyNamingItsProperties() {
        assertThatThrownBy(() -> Keyring.from(PayloadVault.KEY_PROPERTIES, Optional.empty(), false, "primary",
                Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CRMSYNC_EXCEPTIONS_PAYLOAD_KEY")
                .hasMessageContaining("crmsync.exceptions.allow-built-in-key")
                .hasMessageContaining(".crmsync/exception-payload.key");
        assertThatThrownBy(() -> Keyring.of(PayloadVault.KEY_PROPERTIES, Optional.of(key(1).substring(4)), "k",
                Map.of())).hasMessageContaining("crmsync.exceptions.payload-key");
    }

    @Test
    void shouldOpenASnapshotSealedWithARetiredKey() {
        // given
        UUID itemId = UUID.randomUUID();
        Sealed sealed = vault(OLD_KEY, "k1", Map.of()).seal(itemId, "{\"a\":1}");

        // when
        PayloadVault rotated = vault(NEW_KEY, "k2", Map.of("k1", OLD_KEY));

        // then
        assertThat(rotated.open(item(itemId, sealed, NOW.plusSeconds(60)), NOW)).isEqualTo("{\"a\":1}");
        assertThat(vault(NEW_KEY, "k2", Map.of()).open(item(itemId, sealed, NOW.plusSeconds(60)), NOW)).isEmpty();
    }

    @Test
    void shouldReturnNothingOnceExpiredOrForAnotherItem() {
        // given
        UUID itemId = UUID.randomUUID();
        PayloadVault vault = vault(OLD_KEY, "k1", Map.of());
        Sealed sealed = vault.seal(itemId, "{\"a\":1}");

        // when / then
        assertThat(vault.open(item(itemId, sealed, NOW), NOW)).isEmpty();
        assertThat(vault.open(item(UUID.randomUUID(), sealed, NOW.plusSeconds(1)), NOW)).isEmpty();
        assertThat(vault.open(item(itemId, sealed, NOW.plusSeconds(1)), NOW)).isEqualTo("{\"a\":1}");
    }

    private static PayloadVault vault(String key, String keyId, Map<String, String> previous) {
        return new PayloadVault(Keyring.of(PayloadVault.KEY_PROPERTIES, Optional.of(key), keyId, previous));
    }

    private static ItemRow item(UUID id, Sealed payload, Instant expire) {
        return new ItemRow(id, UUID.randomUUID(), "i", "p", "k=1", "c", "m", "UPSERT", List.of("1"), "TARGET", "OPEN",
                1, NOW, NOW, "r", null, null, payload, expire);
    }

    private static String key(int seed) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (seed * 17 + i);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }
}
