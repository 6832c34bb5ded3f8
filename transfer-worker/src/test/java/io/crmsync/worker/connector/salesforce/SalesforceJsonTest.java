package io.crmsync.worker.connector.salesforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ObjectDescription;
import io.crmsync.worker.connector.salesforce.SalesforceClient.Response;
import io.crmsync.worker.connector.salesforce.SalesforceJson.ApiError;
import io.crmsync.worker.connector.salesforce.SalesforceJson.QueryPage;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfField;
import io.crmsync.worker.connector.salesforce.SalesforceJson.SfObject;
import io.crmsync.worker.connector.salesforce.SalesforceJson.UpsertResult;

/** Parses the recorded Salesforce answers with the connector's own parsing and error mapping. */
class SalesforceJsonTest {

    private static final String RESTFORCE = "salesforce-restforce/";

    @Test
    void queryPagesCarryTheNextLocatorUntilDone() {
        QueryPage first = SalesforceJson.queryPage(Fixtures.read(RESTFORCE + "query_paginated_first_page_response.json"));
        QueryPage last = SalesforceJson.queryPage(Fixtures.read(RESTFORCE + "query_paginated_last_page_response.json"));
        QueryPage empty = SalesforceJson.queryPage(Fixtures.read(RESTFORCE + "query_empty_response.json"));

        assertThat(first.done()).isFalse();
        assertThat(first.nextRecordsUrl()).isEqualTo("/services/data/v26.0/query/01gD");
        assertThat(first.records()).singleElement().extracting(r -> r.get("Text_Label").asText())
                .isEqualTo("First Page");
        assertThat(last.done()).isTrue();
        assertThat(last.nextRecordsUrl()).isNull();
        assertThat(last.records().get(0).get("Text_Label").asText()).isEqualTo("Last Page");
        assertThat(empty.totalSize()).isZero();
        assertThat(empty.records()).isEmpty();
    }

    @Test
    void queryValuesConvertByDescribeType() {
        JsonNode record = SalesforceJson.queryPage(Fixtures.read(RESTFORCE + "query_success_response.json"))
                .records().get(0);

        assertThat(SalesforceValues.read(field("DateTime_Label", "datetime"), record.get("DateTime_Label")))
                .isEqualTo(OffsetDateTime.of(2011, 7, 7, 0, 37, 0, 0, ZoneOffset.UTC));
        assertThat(SalesforceValues.read(field("Date_Label", "date"), record.get("Date_Label")))
                .isEqualTo(LocalDate.of(2010, 1, 1));
        assertThat(SalesforceValues.read(field("Checkbox_Label", "boolean"), record.get("Checkbox_Label")))
                .isEqualTo(false);
        assertThat(SalesforceValues.read(field("Picklist_Multiselect_Label", "multipicklist"),
                record.get("Picklist_Multiselect_Label"))).isEqualTo("four;six");
    }

    @Test
    void aggregateNumbersKeepTheirDigits() {
        List<JsonNode> records = SalesforceJson.queryPage(
                Fixtures.read(RESTFORCE + "query_aggregate_success_response.json")).records();

        assertThat(SalesforceValues.read(field("expr0", "double"), records.get(0).get("expr0")))
                .isEqualTo(new BigDecimal("300.0"));
        assertThat(SalesforceValues.read(field("expr0", "double"), records.get(2).get("expr0")))
                .isEqualTo(new BigDecimal("400"));
        assertThat(SalesforceValues.read(field("CampaignId", "reference"), records.get(2).get("CampaignId")))
                .isNull();
    }

    @Test
    void describeGivesTypesNullabilityAndIdAsKey() {
        SfObject object = SalesforceJson.describe(Fixtures.read(RESTFORCE + "sobject_describe_success_response.json"));
        ObjectDescription description = object.toDescription();

        assertThat(description.name()).isEqualTo("Whizbang");
        assertThat(description.field("Id")).hasValue(new ObjectDescription.Field("Id", "id", false, true, false));
        assertThat(description.field("SystemModstamp")).get().extracting(ObjectDescription.Field::temporal)
                .isEqualTo(true);
        assertThat(description.field("Date_Field")).get()
                .satisfies(f -> assertThat(f.temporal() && f.nullable()).isTrue());
        assertThat(description.field("Currency_Field")).get().extracting(ObjectDescription.Field::type)
                .isEqualTo("currency");
        assertThat(description.uniqueKeys()).containsExactly(List.of("Id"));
    }

    @Test
    void oauthAnswersGiveTokenOrAReasonWithoutSecrets() {
        SalesforceJson.Token token = SalesforceJson.token(Fixtures.read(RESTFORCE + "auth_success_response.json"));
        SalesforceJson.Token refreshed = SalesforceJson.token(Fixtures.read(RESTFORCE + "refresh_success_response.json"));

        assertThat(token.instanceUrl()).isEqualTo("https://na1.salesforce.com");
        assertThat(token.accessToken()).startsWith("00Dx0000000BV7z!");
        assertThat(token.toString()).doesNotContain(token.accessToken());
        assertThat(refreshed.accessToken()).isEqualTo("refreshed_access_token");
        assertThat(SalesforceJson.oauthError(Fixtures.read(RESTFORCE + "auth_error_response.json")))
                .isEqualTo("invalid_grant: authentication failure - Invalid Password");
        assertThat(SalesforceJson.oauthError(Fixtures.read(RESTFORCE + "refresh_error_response.json")))
                .isEqualTo("invalid_grant: expired access/refresh token");
    }

    @Test
    void errorArraysMapToReasons() {
        Response expired = new Response(401, Fixtures.read(RESTFORCE + "expired_session_response.json"), null);
        Response badField = new Response(400, Fixtures.read(RESTFORCE + "write_error_response.json"), null);
        Response notFound = new Response(404, Fixtures.read(RESTFORCE + "sobject_describe_error_response.json"), null);
        Response queryError = new Response(400, Fixtures.read(RESTFORCE + "query_error_response.json"), null);

        assertThat(SalesforceJson.errors(expired.body()))
                .containsExactly(new ApiError("INVALID_SESSION_ID", "Session expired or invalid"));
        assertThat(SalesforceClient.failure(expired, "query").reason()).isEqualTo(Reason.AUTHENTICATION);
        assertThat(SalesforceClient.failure(badField, "upsert")).extracting(ConnectorException::reason,
                Throwable::getMessage).containsExactly(Reason.CONFIGURATION,
                        "salesforce upsert failed: INVALID_FIELD: No such column 'foo' on sobject of type Bar");
        assertThat(SalesforceClient.failure(notFound, "describe").reason()).isEqualTo(Reason.CONFIGURATION);
        assertThat(SalesforceClient.failure(queryError, "query").getMessage()).contains("INVALID_FIELD");
        assertThat(SalesforceJson.errors(Fixtures.read(RESTFORCE + "upsert_updated_success_response.json")))
                .isEmpty();
        assertThat(SalesforceJson.errors(Fixtures.read(RESTFORCE + "upsert_multiple_error_response.json")))
                .hasSize(2).allSatisfy(e -> assertThat(e.errorCode()).isEqualTo("UNKNOWN"));
    }

    @Test
    void observedAnswersMapToThrottlingAndConfiguration() throws Exception {
        JsonNode observed = SalesforceJson.MAPPER.readTree(
                Fixtures.read("salesforce-observed/observed-errors.json"));
        Response limit = new Response(403, observed.at("/request_limit_exceeded_403/expected_body_shape").toString(),
                null);
        Response invalidField = new Response(400, observed.at("/soql_invalid_field_400/body").toString(), null);

        ConnectorException limited = SalesforceClient.failure(limit, "query");
        assertThat(limited.isTransient()).isTrue();
        assertThat(limited.retryAfter()).hasValue(Duration.ofSeconds(60));
        assertThat(limited.getMessage()).contains("REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded.");
        assertThat(SalesforceClient.failure(invalidField, "query")).satisfies(e -> {
            assertThat(e.reason()).isEqualTo(Reason.CONFIGURATION);
            assertThat(e.getMessage()).contains("No such column 'SF_date__c' on entity 'Lead'");
        });
    }

    @Test
    void upsertResultsAndCompositeBodies() throws Exception {
        List<UpsertResult> created = SalesforceJson.upsertResults(
                "[" + Fixtures.read(RESTFORCE + "upsert_created_success_response.json") + "]");
        assertThat(created).containsExactly(new UpsertResult("foo", true, false, List.of()));

        JsonNode success = SalesforceJson.MAPPER.readTree(
                Fixtures.read("salesforce-camel/composite_response_example_success.json"));
        JsonNode failure = SalesforceJson.MAPPER.readTree(
                Fixtures.read("salesforce-camel/composite_response_example_failure.json"));
        assertThat(SalesforceJson.upsertResults("[" + success.at("/compositeResponse/0/body") + "]"))
                .singleElement().satisfies(r -> assertThat(r.success() && "a1V3E000000EXomUAM".equals(r.id())).isTrue());
        assertThat(SalesforceJson.errors(failure.at("/compositeResponse/0/body").toString()))
                .extracting(ApiError::errorCode).containsExactly("PROCESSING_HALTED");
        assertThat(SalesforceJson.errors(failure.at("/compositeResponse/1/body").toString()))
                .extracting(ApiError::errorCode).containsExactly("INVALID_FIELD");
    }

    @Test
    void limitsGiveDailyAllowance() {
        assertThat(SalesforceJson.limit(Fixtures.read("salesforce-camel/limits.json"), "DailyApiRequests"))
                .isEqualTo(new SalesforceJson.Limit(15000, 14998));
        assertThatThrownBy(() -> SalesforceJson.limit("{}", "DailyApiRequests"))
                .isInstanceOf(ConnectorException.class);
    }

    private static SfField field(String name, String type) {
        return new SfField(name, type, true, false, false);
    }
}
