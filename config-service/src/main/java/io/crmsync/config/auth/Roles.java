package io.crmsync.config.auth;

import java.util.Set;

/**
 * The roles of the admin API, mirroring Veeva's permission split. Every role may read everything (reads reveal
 * no secret: credentials are write-only); each write belongs to exactly one role. A token may hold several.
 */
public final class Roles {

    /** Endpoints, their credentials and connection tests, connections. */
    public static final String CONNECTIONS_ADMIN = "connections-admin";
    /** Integrations and their points. */
    public static final String INTEGRATIONS_ADMIN = "integrations-admin";
    /** Runs an integration: triggers runs, activates and deactivates. */
    public static final String OPERATOR = "operator";
    /** Reads everything, including runs and exceptions, and changes nothing. */
    public static final String VIEWER = "viewer";

    public static final Set<String> ALL = Set.of(CONNECTIONS_ADMIN, INTEGRATIONS_ADMIN, OPERATOR, VIEWER);

    private Roles() {
    }
}
