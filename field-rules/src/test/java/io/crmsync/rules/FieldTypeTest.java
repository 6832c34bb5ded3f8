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
}
