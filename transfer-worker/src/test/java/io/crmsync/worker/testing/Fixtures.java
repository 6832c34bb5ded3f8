package io.crmsync.worker.testing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.Operation;
import io.crmsync.proto.scheduler.v1.RunMode;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.testsupport.TestDatabases;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.task.TaskDefinition;

/** Builds the protos and endpoints the engine tests run with: a contacts table copied by id. */
public final class Fixtures {

    public static final String SOURCE_DB = "crmsync_worker_src_test";
    public static final String TARGET_DB = "crmsync_worker_tgt_test";
    /** Modification times of the seeded rows start here. */
    public static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");

    public static final String SOURCE_TABLE = """
            CREATE TABLE contacts (id bigint PRIMARY KEY, email varchar(200), first_name text, last_name text,
                                   age integer, updated_at timestamptz NOT NULL)""";
    public static final String TARGET_TABLE = """
            CREATE TABLE contacts (id bigint NOT NULL, email varchar(40), first_name text, last_name text,
                                   age integer CONSTRAINT contacts_age_check CHECK (age >= 0),
                                   updated_at timestamptz, CONSTRAINT contacts_id_key UNIQUE (id))""";

    private Fixtures() {
    }

    /**
     * Seeds {@code count} contacts with ids 1..count; every {@code tie} consecutive rows share a modification
     * time (T0 + (id-1)/tie seconds), so cursors must break ties by key.
     */
    public static void seedContacts(Db source, int count, int tie) {
        source.exec("""
                INSERT INTO contacts (id, email, first_name, last_name, age, updated_at)
                SELECT g, 'person' || g || '@example.com', 'First' || g, 'Last' || g, 20 + g % 50,
                       CAST(? AS timestamptz) + ((g - 1) / ?) * interval '1 second'
                FROM generate_series(1, ?) g""", T0.toString(), tie, count);
    }

    public static EndpointAccess endpoint(String name, String jdbcUrl) {
        return new EndpointAccess(UUID.randomUUID().toString(), name, "postgresql",
                Map.of("jdbcUrl", jdbcUrl, "username", TestDatabases.user()),
                Map.of("password", TestDatabases.password()));
    }

    public static FieldRule copy(String sourceField, String targetField) {
        return FieldRule.newBuilder().setSourceField(sourceField).setTargetField(targetField).build();
    }

    public static FieldRule constant(String value, String targetField) {
        return FieldRule.newBuilder().setConstant(value).setTargetField(targetField).build();
    }

    /** contacts -> contacts, UPSERT on id, cursor updated_at, every column copied. */
    public static IntegrationPoint.Builder contactsPoint() {
        IntegrationPoint.Builder point = IntegrationPoint.newBuilder()
                .setId("point-1").setName("contacts")
                .setSourceEndpointId("source-id").setSourceObject("contacts")
                .setTargetEndpointId("target-id").setTargetObject("contacts")
                .setOperation(Operation.OPERATION_UPSERT)
                .addMatchKey("id")
                .setCursorField("updated_at");
        for (String column : new String[] { "id", "email", "first_name", "last_name", "age", "updated_at" }) {
            point.addFieldRules(copy(column, column));
        }
        return point;
    }

    public static Integration integration(IntegrationPoint point, boolean allowNewRecords, boolean updateExisting) {
        return Integration.newBuilder().setId("integration-1").setName("contacts sync").setVersion(1)
                .setAllowNewRecords(allowNewRecords).setUpdateExisting(updateExisting).addPoints(point).build();
    }

    /** A FULL task whose window ends a day after T0. */
    public static Task.Builder task() {
        return Task.newBuilder().setId("task-1").setRunId("run-1").setIntegrationId("integration-1")
                .setIntegrationPointId("point-1").setIntegrationVersion(1).setMode(RunMode.RUN_MODE_FULL)
                .setWindowEnd(Timestamps.of(T0.plusSeconds(86_400))).setEpoch(1);
    }

    public static TaskDefinition definition(IntegrationPoint point, EndpointAccess source, EndpointAccess target) {
        return definition(integration(point, true, true), source, target);
    }

    public static TaskDefinition definition(Integration integration, EndpointAccess source, EndpointAccess target) {
        return new TaskDefinition(integration, integration.getPoints(0), source, target, java.util.Map.of());
    }
}
