package io.crmsync.worker.connector;

import java.util.Map;

/**
 * What a connector needs to reach an endpoint: its non-secret settings and its secrets. {@link #toString()}
 * never shows the secrets, so an instance may appear in logs.
 *
 * @param id the endpoint's id
 * @param name the endpoint's admin-given name, used in messages
 * @param type the connector type name, e.g. {@code postgresql}
 * @param settings non-secret settings, e.g. {@code jdbcUrl}, {@code username}
 * @param secrets secret values, e.g. {@code password}
 */
public record EndpointAccess(String id, String name, String type, Map<String, String> settings,
        Map<String, String> secrets) {

    public EndpointAccess {
        settings = Map.copyOf(settings);
        secrets = Map.copyOf(secrets);
    }

    /** A setting's value, or empty when absent. */
    public String setting(String key) {
        return settings.getOrDefault(key, "");
    }

    /** A secret's value, or empty when absent. */
    public String secret(String key) {
        return secrets.getOrDefault(key, "");
    }

    @Override
    public String toString() {
        return "EndpointAccess[id=" + id + ", name=" + name + ", type=" + type + ", secrets=" + secrets.keySet()
                + "]";
    }
}
