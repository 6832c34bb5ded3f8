package io.crmsync.scheduler;

import io.crmsync.testsupport.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Declares, once for every test of the module, that Quarkus runs against a freshly created
 * crmsync_scheduler_test database on the local PostgreSQL.
 */
@QuarkusTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = "database",
        value = "crmsync_scheduler_test"), restrictToAnnotatedClass = false)
public final class TestDatabase {

    private TestDatabase() {
    }
}
