package io.crmsync.config.integration.settings;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** {@code {type: email|webhook, address}}; the address is checked against the type by {@link SettingsRules}. */
public record NotificationRecipient(
        @NotNull(message = "is required") RecipientType type,
        @NotBlank(message = "is required") @Size(max = 2000, message = "must be at most {max} characters")
        String address) {
}
