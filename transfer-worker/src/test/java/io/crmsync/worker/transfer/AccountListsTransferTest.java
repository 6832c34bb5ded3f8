package io.crmsync.worker.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.worker.testing.Fixtures;
import io.crmsync.worker.testing.RecordingReporter;

/** An integration's account allow-list and deny-list decide which records are read at all. */
class AccountListsTransferTest extends EngineTestBase {

    @BeforeEach
    void giveContactsAccounts() {
        Fixtures.seedContacts(source, 10, 1);
        source.exec("ALTER TABLE contacts ADD COLUMN account text");
        // ids 1..3 -> acme, 4..6 -> globex, 7..8 -> initech, 9..10 -> no account
        source.exec("""
                UPDATE contacts SET account = CASE WHEN id <= 3 THEN 'acme' WHEN id <= 6 THEN 'globex'
                                                   WHEN id <= 8 THEN 'initech' END""");
    }

    private List<List<String>> copiedIds(Integration.Builder integration) {
        IntegrationPoint point = Fixtures.contactsPoint().setAccountField("account").build();
        TaskOutcome outcome = run(new RecordingReporter(), 4, Fixtures.task().build(),
                integration.clearPoints().addPoints(point).build());
        assertThat(outcome).isEqualTo(TaskOutcome.SUCCEEDED);
        return target.rows("SELECT id FROM contacts ORDER BY id");
    }

    private static Integration.Builder integration() {
        return Fixtures.integration(Fixtures.contactsPoint().build(), true, true).toBuilder();
    }

    @Test
    void shouldReadOnlyAllowedAccounts() {
        assertThat(copiedIds(integration().addAccountAllowList("acme").addAccountAllowList("initech")))
                .containsExactly(List.of("1"), List.of("2"), List.of("3"), List.of("7"), List.of("8"));
    }

    @Test
    void shouldSkipDeniedAccountsButKeepRecordsWithoutAccount() {
        assertThat(copiedIds(integration().addAccountDenyList("globex")))
                .containsExactly(List.of("1"), List.of("2"), List.of("3"), List.of("7"), List.of("8"), List.of("9"),
                        List.of("10"));
    }

    @Test
    void shouldApplyBothListsTogether() {
        assertThat(copiedIds(integration().addAccountAllowList("acme").addAccountAllowList("globex")
                .addAccountDenyList("globex"))).containsExactly(List.of("1"), List.of("2"), List.of("3"));
    }
}
