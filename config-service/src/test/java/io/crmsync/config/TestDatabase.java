package io.crmsync.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.crmsync.testsupport.PostgresTestResource;
import io.crmsync.testsupport.TestDatabases;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Every @QuarkusTest of this module runs against crmsync_config_test, recreated per application start. */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database",
        value = TestDatabase.NAME), restrictToAnnotatedClass = false)
public final class TestDatabase {

    public static final String NAME = "crmsync_config_test";

    private TestDatabase() {
    }

    /** A plain JDBC connection, to look at what the service stored behind its back. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(TestDatabases.urlOf(NAME), TestDatabases.user(), TestDatabases.password());
    }
}
