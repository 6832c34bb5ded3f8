package io.crmsync.config;

import java.util.HashMap;
import java.util.Map;

import io.crmsync.config.auth.Roles;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The static tokens every @QuarkusTest of this module runs with: one holding all roles, which REST-assured sends
 * by default ({@link DefaultTokenCallback}), and one per role for the authorization tests. Not secrets.
 */
@QuarkusTestResource(value = TestTokens.class, restrictToAnnotatedClass = false)
public final class TestTokens implements QuarkusTestResourceLifecycleManager {

    public static final String ALL_ROLES = "test-all-roles-0123456789abcdefghijklmnop";
    private static final String PER_ROLE_PREFIX = "test-only-role-0123456789abcdefghij-";

    /** The token granting only {@code role}. */
    public static String onlyRole(String role) {
        return PER_ROLE_PREFIX + role;
    }

    @Override
    public Map<String, String> start() {
        Map<String, String> config = new HashMap<>();
        config.put("crmsync.auth.static-tokens.all.token", ALL_ROLES);
        config.put("crmsync.auth.static-tokens.all.roles", String.join(",", Roles.ALL));
        for (String role : Roles.ALL) {
            String name = role.replace("-", "");
            config.put("crmsync.auth.static-tokens." + name + ".token", onlyRole(role));
            config.put("crmsync.auth.static-tokens." + name + ".roles", role);
        }
        return config;
    }

    @Override
    public void stop() {
    }
}
