/**
 * Who may call the admin REST API. Two kinds of bearer token are accepted side by side: static tokens from
 * configuration (local use, scripts) and, when configured, OIDC access tokens checked by {@code quarkus-oidc}.
 * Both end in the same {@link io.crmsync.config.auth.Roles roles}, which the resources require with
 * {@code @RolesAllowed}; unannotated resource methods are denied. gRPC between services is not covered here.
 */
package io.crmsync.config.auth;
