package io.crmsync.worker.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.FilterComparison;
import io.crmsync.proto.config.v1.FilterExpression;
import io.crmsync.proto.config.v1.FilterIn;
import io.crmsync.proto.config.v1.FilterJunction;
import io.crmsync.proto.config.v1.FilterLike;
import io.crmsync.proto.config.v1.FilterNullCheck;
import io.crmsync.proto.config.v1.FilterOperator;
import io.crmsync.proto.config.v1.FilterValue;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.Position;
import io.crmsync.worker.connector.ReadRequest;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfField;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfObject;

class SoqlTest {

    static final SfObject CONTACT = new SfObject("Contact", List.of(
            new SfField("Id", "id", false, false, false),
            new SfField("LastName", "string", false, false, false),
            new SfField("Ext_Id__c", "string", true, true, true),
            new SfField("Amount__c", "currency", true, false, false),
            new SfField("Active__c", "boolean", false, false, false),
            new SfField("Birthdate", "date", true, false, false),
            new SfField("SystemModstamp", "datetime", false, false, false)));

    @Test
    void quotesEscapeBackslashesQuotesAndControls() {
        assertThat(Soql.quote("O'Brien \\ \"x\"\n")).isEqualTo("'O\\'Brien \\\\ \\\"x\\\"\\n'");
        assertThat(Soql.quote("' OR Id != null OR Name = '")).isEqualTo("'\\' OR Id != null OR Name = \\''");
    }

    @Test
    void literalsFollowTheFieldType() {
        assertThat(Soql.literal(CONTACT.field("SystemModstamp"), "2024-01-01T01:00:00+01:00"))
                .isEqualTo("2024-01-01T00:00:00Z");
        assertThat(Soql.literal(CONTACT.field("SystemModstamp"), "2013-05-07T22:07:19.120+0000"))
                .isEqualTo("2013-05-07T22:07:19.120Z");
        assertThat(Soql.literal(CONTACT.field("Birthdate"), "2010-01-01")).isEqualTo("2010-01-01");
        assertThat(Soql.literal(CONTACT.field("Amount__c"), " 12.50")).isEqualTo("12.50");
        assertThat(Soql.literal(CONTACT.field("Active__c"), "TRUE")).isEqualTo("true");
        assertThat(Soql.literal(CONTACT.field("Id"), "003x'")).isEqualTo("'003x\\''");
        assertThatThrownBy(() -> Soql.literal(CONTACT.field("Amount__c"), "1 OR 1=1"))
                .isInstanceOf(NumberFormatException.class);
    }

    @Test
    void windowedReadResumesAfterCursorAndKey() {
        ReadRequest request = new ReadRequest("Contact", List.of("Id", "LastName", "SystemModstamp"),
                "SystemModstamp", List.of("Id"), Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-02-01T00:00:00Z"),
                new Position(Instant.parse("2024-01-05T10:00:00.250Z"), List.of("003A")), 500);

        assertThat(Soql.query(CONTACT, request)).isEqualTo("SELECT Id, LastName, SystemModstamp FROM Contact "
                + "WHERE SystemModstamp >= 2024-01-01T00:00:00Z AND SystemModstamp < 2024-02-01T00:00:00Z "
                + "AND (SystemModstamp > 2024-01-05T10:00:00.250Z OR (SystemModstamp = 2024-01-05T10:00:00.250Z "
                + "AND Id > '003A')) ORDER BY SystemModstamp, Id");
    }

    @Test
    void fullReadOrdersByKeysAndComparesThemAsATuple() {
        ReadRequest request = new ReadRequest("Contact", List.of("LastName", "Birthdate"), null,
                List.of("LastName", "Birthdate"), null, null, new Position(null, List.of("O'Hara", "1990-02-03")),
                2000);

        assertThat(Soql.query(CONTACT, request)).isEqualTo("SELECT LastName, Birthdate FROM Contact WHERE "
                + "(LastName > 'O\\'Hara' OR (LastName = 'O\\'Hara' AND Birthdate > 1990-02-03)) "
                + "ORDER BY LastName, Birthdate");
    }

    @Test
    void unknownFieldsAndNonTemporalCursorsAreRefused() {
        assertThatThrownBy(() -> Soql.query(CONTACT, new ReadRequest("Contact", List.of("Id", "Bogus__c"), null,
                List.of("Id"), null, null, null, 200))).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("Bogus__c");
        assertThatThrownBy(() -> Soql.query(CONTACT, new ReadRequest("Contact", List.of("Id"), "LastName",
                List.of("Id"), null, null, null, 200))).hasMessageContaining("date or datetime");
    }

    @Test
    void filtersRenderAsTypedSoqlConditions() {
        FilterExpression filter = all(
                comparison("LastName", FilterOperator.FILTER_OPERATOR_EQUAL, text("O'Brien \\ x")),
                FilterExpression.newBuilder().setInList(FilterIn.newBuilder().setField("Amount__c").setNegated(true)
                        .addValues(FilterValue.newBuilder().setIntegerValue(5))
                        .addValues(FilterValue.newBuilder().setDecimalValue("7.5"))).build(),
                FilterExpression.newBuilder().setLike(FilterLike.newBuilder().setField("LastName")
                        .setPattern("50\\%_o'k\\\\")).build(),
                FilterExpression.newBuilder().setNegation(FilterExpression.newBuilder().setNullCheck(
                        FilterNullCheck.newBuilder().setField("Birthdate"))).build());

        assertThat(Soql.filterProblems(CONTACT, filter)).isEmpty();
        assertThat(Soql.filter(CONTACT, filter)).isEqualTo("(LastName = 'O\\'Brien \\\\ x' AND Amount__c NOT IN "
                + "(5, 7.5) AND (LastName LIKE '50\\%_o\\'k\\\\') AND (NOT Birthdate = null))");
    }

    @Test
    void filterProblemsNameTheirFields() {
        FilterExpression filter = all(
                comparison("Amount__c", FilterOperator.FILTER_OPERATOR_GREATER, text("lots")),
                comparison("Nope__c", FilterOperator.FILTER_OPERATOR_EQUAL, text("x")),
                FilterExpression.newBuilder().setLike(FilterLike.newBuilder().setField("Active__c").setPattern("t%"))
                        .build());

        assertThat(Soql.filterProblems(CONTACT, filter)).containsExactly(
                "field Amount__c: 'lots' is not a currency",
                "field Nope__c: Contact has no such field",
                "field Active__c: LIKE needs a text field, not boolean");
    }

    static FilterExpression all(FilterExpression... operands) {
        return FilterExpression.newBuilder().setAllOf(FilterJunction.newBuilder().addAllOperands(List.of(operands)))
                .build();
    }

    static FilterExpression comparison(String field, FilterOperator operator, FilterValue value) {
        return FilterExpression.newBuilder().setComparison(FilterComparison.newBuilder().setField(field)
                .setOperator(operator).setValue(value)).build();
    }

    static FilterValue text(String value) {
        return FilterValue.newBuilder().setStringValue(value).build();
    }
}
