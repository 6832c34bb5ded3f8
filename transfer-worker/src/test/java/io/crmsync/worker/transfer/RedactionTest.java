package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RedactionTest {

    @Test
    void shouldRedactListedFieldsAndSecretLookingNamesWhateverTheirCase() {
        // given
        Redaction redaction = new Redaction(List.of("SSN"), List.of("email"));

        // then
        assertThat(List.of("ssn", "Password", "db_passwd", "clientSecret", "refresh_token", "ApiKey", "x_api_key",
                "PRIVATE_KEY")).allMatch(redaction::sensitive);
        assertThat(List.of("email", "first_name", "api", "key", "private")).noneMatch(redaction::sensitive);
        assertThat(redaction.rawTextRedacted()).isFalse();
    }

    @Test
    void shouldRedactTheRawTextOfAnUnreadableRecordWhenASensitiveFieldIsRead() {
        assertThat(new Redaction(List.of(), List.of("email", "user_password")).rawTextRedacted()).isTrue();
        assertThat(new Redaction(List.of("email"), List.of("email")).rawTextRedacted()).isTrue();
    }
}
