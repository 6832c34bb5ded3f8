package io.crmsync.rules;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FieldTypeTest {

    @ParameterizedTest
    @CsvSource({
            "postgresql, timestamp with time zone, TIMESTAMP",
            "postgresql, timestamp without time zone, LOCAL_TIMESTAMP",
            "postgresql, timestamp(3) without time zone, LOCAL_TIMESTAMP",
            "mariadb, datetime, LOCAL_TIMESTAMP",
            "mariadb, timestamp, TIMESTAMP",
            "salesforce, datetime, TIMESTAMP",
            "dynamics, DateTime, TIMESTAMP",
            "postgresql, character varying(80), TEXT",
            "salesforce, picklist, TEXT",
            "salesforce, multipicklist, LIST",
            "postgresql, text[], LIST",
            "postgresql, 'numeric(12,2)', DECIMAL",
            "postgresql, double precision, DECIMAL",
            "salesforce, currency, DECIMAL",
            "postgresql, bigint, INTEGER",
            "postgresql, interval, OTHER",
            "mariadb, tinyint(1), BOOLEAN",
            "postgresql, boolean, BOOLEAN",
            "postgresql, date, DATE",
            "postgresql, jsonb, OTHER",
            "postgresql, uuid, OTHER"})
    void classifiesEndpointTypes(String endpoint, String typeName, FieldType expected) {
        assertThat(FieldType.of(endpoint, typeName)).isEqualTo(expected);
    }

    /** MariaDB's COLUMN_TYPE text, as the mariadb connector describes fields. */
    @ParameterizedTest
    @CsvSource({
            "varchar(200), TEXT",
            "char(36), TEXT",
            "longtext, TEXT",
            "'enum(''a'',''b'')', TEXT",
            "'set(''x'',''y'')', TEXT",
            "tinyint(1), BOOLEAN",
            "tinyint(1) unsigned, BOOLEAN",
            "bit(1), BOOLEAN",
            "bit(8), OTHER",
            "tinyint(4), INTEGER",
            "int(11), INTEGER",
            "int(10) unsigned, INTEGER",
            "bigint(20) unsigned zerofill, INTEGER",
            "bigint unsigned, INTEGER",
            "mediumint(9), INTEGER",
            "year(4), INTEGER",
            "'decimal(10,2)', DECIMAL",
            "'decimal(10,2) unsigned', DECIMAL",
            "double, DECIMAL",
            "float, DECIMAL",
            "datetime, LOCAL_TIMESTAMP",
            "datetime(6), LOCAL_TIMESTAMP",
            "timestamp, TIMESTAMP",
            "timestamp(3), TIMESTAMP",
            "date, DATE",
            "time(6), OTHER",
            "blob, OTHER",
            "uuid, OTHER"})
    void classifiesMariaDbColumnTypes(String typeName, FieldType expected) {
        assertThat(FieldType.of("mariadb", typeName)).isEqualTo(expected);
    }
}
