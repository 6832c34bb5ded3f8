package io.crmsync.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test at a fresh database on a real PostgreSQL server instead of a container.
 * The database name comes from the init arg {@code database}; it is recreated for every test run,
 * so Flyway migrates it from scratch each time.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "crmsync_test");
    }

    @Override
    public Map<String, String> start() {
        String url = TestDatabases.recreate(database);
        return Map.of(
                "quarkus.datasource.jdbc.url", url,
                "quarkus.datasource.username", TestDatabases.user(),
                "quarkus.datasource.password", TestDatabases.password());
    }

    @Override
    public void stop() {
        // Kept after the run so a failing test's data can be inspected; recreated on the next run.
    }
}
