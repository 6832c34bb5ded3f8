package io.crmsync.worker.connector.dynamics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.crmsync.proto.config.v1.Operation;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.WriteResult;
import io.crmsync.worker.connector.WriteSpec;
import io.crmsync.worker.connector.dynamics.DynamicsJson.DvColumn;
import io.crmsync.worker.connector.salesforce.Fixtures;

/** The connector reads the documented Dataverse bodies (fixtures/dataverse-powerapps-docs) and writes valid OData. */
class DynamicsJsonTest {

    private static final String DIR = "dataverse-powerapps-docs/";

    /** The JSON documents of an .http excerpt, in order. */
    private static List<String> bodies(String file) {
        List<String> out = new ArrayList<>();
        String[] lines = Fixtures.read(DIR + file).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("{")) {
                continue;
            }
            StringBuilder doc = new StringBuilder();
            int depth = 0;
            for (; i < lines.length; i++) {
                doc.append(lines[i]).append('\n');
                for (char c : lines[i].toCharArray()) {
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                }
                if (depth == 0) {
                    break;
                }
            }
            out.add(doc.toString());
        }
        return out;
    }

    @Test
    void shouldReadAPageWithItsPagingCookieLink() {
        DynamicsJson.Page page = DynamicsJson.page(bodies("paging-maxpagesize.http").get(0));

        assertThat(page.rows()).hasSize(2);
        assertThat(page.rows().get(0).get("contactid").asText()).isEqualTo("49b0be2e-d01c-ed11-b83e-000d3a572421");
        assertThat(page.nextLink()).contains("$skiptoken=%3Ccookie%20pagenumber=%222%22");
        assertThat(page.deltaLink()).isNull();
    }

    @Test
    void shouldTellDeletedEntitiesFromChangedRowsInADelta() {
        List<String> recorded = bodies("change-tracking-delta.http");
        DynamicsJson.Page initial = DynamicsJson.page(recorded.get(0));
        DynamicsJson.Page delta = DynamicsJson.page(recorded.get(1));

        assertThat(initial.deltaLink()).contains("$deltatoken=919042%2108%2f22%2f2017");
        assertThat(delta.rows()).hasSize(2);
        assertThat(DynamicsJson.isDeleted(delta.rows().get(0))).isFalse();
        assertThat(DynamicsJson.isDeleted(delta.rows().get(1))).isTrue();
        assertThat(delta.rows().get(1).get("id").asText()).isEqualTo("2e451703-c686-e711-80e5-00155db19e6d");
    }

    @Test
    void shouldReadTheErrorEnvelopeAndIgnoreItsAnnotations() {
        DynamicsJson.ApiError error = DynamicsJson.error(Fixtures.read(DIR + "error-with-annotations.json"));

        assertThat(error).isEqualTo(new DynamicsJson.ApiError("0x80040265", "Example Error Message."));
        assertThat(DynamicsJson.error("<html>gateway</html>")).isNull();
        ConnectorException failure = DynamicsClient.failure(new DynamicsClient.Response(400,
                Fixtures.read(DIR + "error-with-annotations.json"), "", null), "query on contacts");
        assertThat(failure.getMessage()).isEqualTo("dynamics query on contacts failed: 0x80040265: Example Error "
                + "Message.");
        assertThat(failure.reason()).isEqualTo(ConnectorException.Reason.CONFIGURATION);
    }

    @Test
    void shouldMapEachPartOfAContinueOnErrorBatchAnswer() {
        String section = Fixtures.read(DIR + "batch-continue-on-error.http").split("### Response with Prefer")[1];
        String multipart = section.substring(section.indexOf("--batchresponse_"));
        String boundary = multipart.substring(2, multipart.indexOf('\n')).trim();

        List<DynamicsJson.BatchPart> parts = DynamicsJson.batchParts("multipart/mixed; boundary=" + boundary,
                multipart);

        assertThat(parts).extracting(DynamicsJson.BatchPart::status).containsExactly(400, 204, 204);
        assertThat(parts.get(1).headers().get("odata-entityid")).endsWith("tasks(aed2ae8b-3c94-ed11-aad1-000d3a9933c9)");
        DynamicsBatch batch = new DynamicsBatch(DynamicsBatch.Mode.UPSERT);
        batch.rows().addAll(List.of(0, 1, 2));
        List<WriteResult> results = batch.results(parts);
        assertThat(results.get(0)).isEqualTo(WriteResult.rejected("dynamics.0x80044331", "A validation error "
                + "occurred.  The length of the 'subject' attribute of the 'task' entity exceeded the maximum allowed "
                + "length of '200'."));
        assertThat(results.subList(1, 3)).containsExactly(WriteResult.UPDATED, WriteResult.UPDATED);
        assertThatThrownBy(() -> batch.results(parts.subList(0, 2))).isInstanceOf(ConnectorException.class)
                .hasMessageContaining("2 results for a $batch of 3");
    }

    @Test
    void shouldRenderLikePatternsOnlyWhereODataCanExpressThem() {
        assertThat(ODataQuery.like("lastname", "Ab%")).isEqualTo("startswith(lastname,'Ab')");
        assertThat(ODataQuery.like("lastname", "%o'n")).isEqualTo("endswith(lastname,'o''n')");
        assertThat(ODataQuery.like("lastname", "%b\\%c%")).isEqualTo("contains(lastname,'b%c')");
        assertThat(ODataQuery.like("lastname", "abc")).isEqualTo("lastname eq 'abc'");
        assertThat(ODataQuery.like("lastname", "A_c")).isNull();
        assertThat(ODataQuery.like("lastname", "A%c")).isNull();
    }

    @Test
    void shouldWriteLiteralsOfTheColumnsType() {
        DvColumn guid = new DvColumn("contactid", "Uniqueidentifier", true, false, 0);
        DvColumn text = new DvColumn("lastname", "String", false, false, 50);
        DvColumn when = new DvColumn("modifiedon", "DateTime", false, false, 0);

        assertThat(ODataQuery.literal(guid, "49B0BE2E-D01C-ED11-B83E-000D3A572421"))
                .isEqualTo("49b0be2e-d01c-ed11-b83e-000d3a572421");
        assertThatThrownBy(() -> ODataQuery.literal(guid, "1 or 1 eq 1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(ODataQuery.literal(text, "O'Neil")).isEqualTo("'O''Neil'");
        assertThat(ODataQuery.literal(when, "2024-05-06T09:08:09+02:00")).isEqualTo("2024-05-06T07:08:09Z");
        assertThat(ODataQuery.encode("a eq 'x&y#z'")).isEqualTo("a%20eq%20'x%26y%23z'");
    }

    @Test
    void shouldChooseConditionsFromTheOperationAndSwitches() {
        WriteSpec upsert = new WriteSpec("contact", List.of("k"), List.of("k"), Operation.OPERATION_UPSERT, true,
                true);
        assertThat(DynamicsBatch.Mode.of(upsert)).isEqualTo(DynamicsBatch.Mode.UPSERT);
        assertThat(DynamicsBatch.Mode.of(new WriteSpec("contact", List.of("k"), List.of("k"),
                Operation.OPERATION_UPSERT, false, true))).isEqualTo(DynamicsBatch.Mode.UPDATE_ONLY);
        assertThat(DynamicsBatch.Mode.of(new WriteSpec("contact", List.of("k"), List.of("k"),
                Operation.OPERATION_INSERT_ONLY, true, true))).isEqualTo(DynamicsBatch.Mode.CREATE_ONLY);
        assertThat(DynamicsBatch.describe(Map.of("k_key", List.of("k")))).isEqualTo("k_key [k]");
    }
}
