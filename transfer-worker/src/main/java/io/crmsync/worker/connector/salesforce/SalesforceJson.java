package io.crmsync.worker.connector.salesforce;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ObjectDescription;

/** Reads the JSON bodies Salesforce answers with, in the shapes the recorded responses show. */
final class SalesforceJson {

    /** Decimals keep their exact digits, since currency fields are read as BigDecimal. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    private SalesforceJson() {
    }

    /** An OAuth token answer; Salesforce sends no expiry, so a token lives until a call says it expired. */
    record Token(String accessToken, String instanceUrl) {
        @Override
        public String toString() {
            return "Token[instanceUrl=" + instanceUrl + "]";
        }
    }

    /** One entry of Salesforce's error array. */
    record ApiError(String errorCode, String message) {
    }

    /** One page of a query answer; {@code nextRecordsUrl} is null on the last page. */
    record QueryPage(long totalSize, boolean done, String nextRecordsUrl, List<JsonNode> records) {
    }

    /** A field as describe reports it. */
    record SfField(String name, String type, boolean nillable, boolean unique, boolean externalId) {

        boolean temporal() {
            return type.equals("datetime") || type.equals("date");
        }
    }

    /** An object as describe reports it. */
    record SfObject(String name, List<SfField> fields) {

        SfField field(String fieldName) {
            return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst().orElse(null);
        }

        /** {@code Id} and every external-id or unique field, each a single-field key. */
        ObjectDescription toDescription() {
            List<List<String>> keys = fields.stream().filter(SalesforceJson::isKey).map(f -> List.of(f.name()))
                    .toList();
            return new ObjectDescription(name, fields.stream().map(f -> new ObjectDescription.Field(f.name(),
                    f.type(), f.nillable(), isKey(f), f.temporal())).toList(), keys);
        }
    }

    /** One entry of an sObject Collections upsert answer, in request order. */
    record UpsertResult(String id, boolean success, boolean created, List<ApiError> errors) {
    }

    static Token token(String body) {
        JsonNode node = tree(body);
        String token = node.path("access_token").asText("");
        String instance = node.path("instance_url").asText("");
        if (token.isEmpty() || instance.isEmpty()) {
            throw malformed("token answer without access_token or instance_url");
        }
        return new Token(token, instance);
    }

    /** An OAuth error answer as {@code error: description}; never holds the submitted secrets. */
    static String oauthError(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            String description = node.path("error_description").asText("");
            return node.path("error").asText("unknown_error") + (description.isEmpty() ? "" : ": " + description);
        } catch (JsonProcessingException e) {
            return "unreadable answer";
        }
    }

    /** Salesforce's error array; empty when the body is not one (an empty body, an HTML page). */
    static List<ApiError> errors(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node != null && node.isArray() ? apiErrors(node) : List.of();
        } catch (JsonProcessingException e) {
            return List.of();
        }
    }

    static QueryPage queryPage(String body) {
        JsonNode node = tree(body);
        if (!node.path("records").isArray()) {
            throw malformed("query answer without records");
        }
        List<JsonNode> records = new ArrayList<>();
        node.path("records").forEach(records::add);
        JsonNode next = node.get("nextRecordsUrl");
        return new QueryPage(node.path("totalSize").asLong(), node.path("done").asBoolean(true),
                next == null || next.isNull() ? null : next.asText(), records);
    }

    /** The start of the org's delete log in a {@code /deleted/} answer. */
    static Instant earliestDateAvailable(String body) {
        JsonNode earliest = tree(body).get("earliestDateAvailable");
        if (earliest == null || !earliest.isTextual()) {
            throw malformed("deleted-records answer without earliestDateAvailable");
        }
        try {
            return SalesforceValues.dateTime(earliest.asText()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw malformed("deleted-records answer with an unreadable earliestDateAvailable");
        }
    }

    static SfObject describe(String body) {
        JsonNode node = tree(body);
        List<SfField> fields = new ArrayList<>();
        for (JsonNode f : node.path("fields")) {
            fields.add(new SfField(f.path("name").asText(), f.path("type").asText(), f.path("nillable").asBoolean(),
                    f.path("unique").asBoolean(), f.path("externalId").asBoolean()));
        }
        if (fields.isEmpty()) {
            throw malformed("describe answer without fields");
        }
        return new SfObject(node.path("name").asText(), fields);
    }

    static List<UpsertResult> upsertResults(String body) {
        JsonNode node = tree(body);
        if (!node.isArray()) {
            throw malformed("collections answer is not an array");
        }
        List<UpsertResult> results = new ArrayList<>();
        for (JsonNode r : node) {
            JsonNode id = r.get("id");
            results.add(new UpsertResult(id == null || id.isNull() ? null : id.asText(), r.path("success").asBoolean(),
                    r.path("created").asBoolean(), apiErrors(r.path("errors"))));
        }
        return results;
    }

    /** One entry of {@code /limits}, e.g. {@code DailyApiRequests}. */
    record Limit(long max, long remaining) {
    }

    static Limit limit(String body, String name) {
        JsonNode entry = tree(body).path(name);
        if (!entry.isObject()) {
            throw malformed("limits answer without " + name);
        }
        return new Limit(entry.path("Max").asLong(), entry.path("Remaining").asLong());
    }

    private static boolean isKey(SfField field) {
        return field.name().equals("Id") || field.externalId() || field.unique();
    }

    private static List<ApiError> apiErrors(JsonNode array) {
        List<ApiError> errors = new ArrayList<>();
        for (JsonNode e : array) {
            errors.add(new ApiError(e.path("errorCode").asText("UNKNOWN"), e.path("message").asText("")));
        }
        return errors;
    }

    private static JsonNode tree(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw malformed("empty answer");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed("answer that is not JSON");
        }
    }

    private static ConnectorException malformed(String what) {
        return new ConnectorException(Reason.TRANSIENT, "salesforce sent an unexpected answer: " + what);
    }
}
