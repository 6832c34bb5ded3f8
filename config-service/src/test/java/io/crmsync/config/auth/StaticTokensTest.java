package io.crmsync.config.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class StaticTokensTest {

    private static final String ADMIN = "admin-token-0123456789abcdefghijklmnopqrstu";
    private static final String VIEW = "view-token-0123456789abcdefghijklmnopqrstuv";

    @Test
    void shouldFindTheHolderOfAConfiguredTokenAndNobodyForOthers() {
        // given
        StaticTokens tokens = tokens(Map.of("admin", token(ADMIN, Roles.OPERATOR, " viewer"),
                "ci", token(VIEW, Roles.VIEWER)));

        // when / then
        assertThat(tokens.match(ADMIN)).contains(new StaticTokens.Holder("admin", Set.of(Roles.OPERATOR,
                Roles.VIEWER)));
        assertThat(tokens.match(VIEW)).map(StaticTokens.Holder::name).contains("ci");
        assertThat(tokens.match(ADMIN.substring(1))).isEmpty();
        assertThat(tokens.match(ADMIN + "x")).isEmpty();
        assertThat(tokens.match("")).isEmpty();
    }

    @Test
    void shouldRefuseAShortTokenNamingThePropertyButNotTheValue() {
        assertThatThrownBy(() -> tokens(Map.of("admin", token("short-secret-value", Roles.VIEWER))))
                .hasMessageContaining("crmsync.auth.static-tokens.admin.token")
                .hasMessageContaining("at least 32")
                .hasMessageNotContaining("short-secret-value");
    }

    @Test
    void shouldRefuseATokenWithCharactersAnAuthorizationHeaderCannotCarry() {
        assertThatThrownBy(() -> tokens(Map.of("admin", token(ADMIN + " \"x", Roles.VIEWER))))
                .hasMessageContaining("crmsync.auth.static-tokens.admin.token")
                .hasMessageNotContaining(ADMIN);
    }

    @Test
    void shouldRefuseAnUnknownRole() {
        assertThatThrownBy(() -> tokens(Map.of("admin", token(ADMIN, "viewers"))))
                .hasMessageContaining("crmsync.auth.static-tokens.admin.roles")
                .hasMessageContaining("'viewers'");
    }

    @Test
    void shouldRefuseOneTokenUnderTwoNames() {
        assertThatThrownBy(() -> tokens(Map.of("a", token(ADMIN, Roles.VIEWER), "b", token(ADMIN, Roles.OPERATOR))))
                .hasMessageContaining("the same token")
                .hasMessageNotContaining(ADMIN);
    }

    @Test
    void shouldRefuseANameThatCannotBeWrittenAsAnEnvironmentVariable() {
        assertThatThrownBy(() -> tokens(Map.of("ci-bot", token(ADMIN, Roles.VIEWER))))
                .hasMessageContaining("crmsync.auth.static-tokens.ci-bot");
    }

    @Test
    void shouldReadTheTokenAfterBearerInAnAuthorizationHeader() {
        assertThat(StaticTokenMechanism.bearerToken("Bearer " + ADMIN)).contains(ADMIN);
        assertThat(StaticTokenMechanism.bearerToken("bearer " + ADMIN)).contains(ADMIN);
        assertThat(StaticTokenMechanism.bearerToken("Basic " + ADMIN)).isEmpty();
        assertThat(StaticTokenMechanism.bearerToken("Bearer ")).isEmpty();
        assertThat(StaticTokenMechanism.bearerToken(null)).isEmpty();
    }

    private static StaticTokens tokens(Map<String, AuthConfig.StaticTokenConfig> configured) {
        return new StaticTokens(() -> configured, false);
    }

    private static AuthConfig.StaticTokenConfig token(String value, String... roles) {
        return new AuthConfig.StaticTokenConfig() {
            @Override
            public String token() {
                return value;
            }

            @Override
            public List<String> roles() {
                return List.of(roles);
            }
        };
    }
}
