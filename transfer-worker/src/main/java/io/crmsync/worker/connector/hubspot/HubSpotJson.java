package io.crmsync.worker.connector.hubspot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ObjectDescription;

/** Reads the JSON bodies HubSpot answers with, in the shapes recorded in {@code hubspot-observed}. */
final class HubSpotJson {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private HubSpotJson() {
    }

    /** An OAuth token answer; {@link #toString()} hides the tokens. */
    record Token(String accessToken, String refreshToken, long expiresIn) {
        @Override
        public String toString() {
            return "Token[expiresIn=" + expiresIn + "]";
        }
    }

    /**
     * HubSpot's error envelope, or an entry of a batch answer's {@code errors}.
     *
     * @param category e.g. {@code CONFLICT}, {@code VALIDATION_ERROR}; for an OAuth error its {@code status}
     * @param code the first detail's code, e.g. {@code PROPERTY_DOESNT_EXIST}, or empty
     * @param policyName for a 429: {@code SECONDLY}, {@code TEN_SECONDLY_ROLLING} or {@code DAILY}
     * @param ids the inputs a batch error is about ({@code context.ids})
     */
    record ApiError(String category, String message, String code, String policyName, List<String> ids) {

        /** The most specific code: the detail's code, else the category, else the error type. */
        String reason() {
            return !code.isEmpty() ? code : category;
        }
    }

    /** A property as the properties API describes it. */
    record Property(String name, String type, String fieldType, boolean unique, boolean readOnly) {

        boolean temporal() {
            return type.equals("datetime") || type.equals("date");
        }
    }

    /** One page of list or search results; {@code after} is null on the last page. */
    record Page(List<JsonNode> results, String after, long total) {
    }

    /** One record of a batch answer. */
    record Result(String id, JsonNode properties, boolean created) {
    }

    /** A batch answer: the records written or read, and the inputs that failed. */
    record Batch(List<Result> results, List<ApiError> errors) {
    }

    static Token token(String body) {
        JsonNode node = tree(body);
        String access = node.path("access_token").asText("");
        if (access.isEmpty()) {
            throw malformed("token answer without access_token");
        }
        return new Token(access, node.path("refresh_token").asText(""), node.path("expires_in").asLong(1800));
    }

    /** The error an answer holds; a body that is not HubSpot's envelope gives an error with an empty message. */
    static ApiError error(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || !node.isObject() ? new ApiError("", "", "", "", List.of()) : error(node);
        } catch (JsonProcessingException e) {
            return new ApiError("", "", "", "", List.of());
        }
    }

    private static ApiError error(JsonNode node) {
        String category = node.path("category").asText("");
        if (category.isEmpty()) {
            // 429 bodies carry errorType instead; OAuth errors put their code in status.
            category = node.hasNonNull("errorType") ? node.get("errorType").asText()
                    : node.path("status").asText("").equals("error") ? "" : node.path("status").asText("");
        }
        List<String> ids = new ArrayList<>();
        node.path("context").path("ids").forEach(id -> ids.add(id.asText()));
        return new ApiError(category, node.path("message").asText(""),
                node.path("errors").path(0).path("code").asText(""), node.path("policyName").asText(""), ids);
    }

    static List<Property> properties(String body) {
        JsonNode results = tree(body).path("results");
        if (!results.isArray()) {
            throw malformed("properties answer without results");
        }
        List<Property> out = new ArrayList<>();
        for (JsonNode p : results) {
            out.add(new Property(p.path("name").asText(), p.path("type").asText("string"),
                    p.path("fieldType").asText(""), p.path("hasUniqueValue").asBoolean(),
                    p.path("modificationMetadata").path("readOnlyValue").asBoolean()));
        }
        return out;
    }

    static Page page(String body) {
        JsonNode node = tree(body);
        if (!node.path("results").isArray()) {
            throw malformed("list or search answer without results");
        }
        List<JsonNode> results = new ArrayList<>();
        node.path("results").forEach(results::add);
        JsonNode after = node.path("paging").path("next").path("after");
        return new Page(results, after.isMissingNode() || after.isNull() ? null : after.asText(),
                node.path("total").asLong(-1));
    }

    static Batch batch(String body) {
        JsonNode node = tree(body);
        List<Result> results = new ArrayList<>();
        for (JsonNode r : node.path("results")) {
            results.add(new Result(r.path("id").asText(), r.path("properties"), r.path("new").asBoolean(false)));
        }
        List<ApiError> errors = new ArrayList<>();
        node.path("errors").forEach(e -> errors.add(error(e)));
        return new Batch(results, errors);
    }

    /** The description: every property, with {@code hs_object_id}, unique properties and a contact's email as keys. */
    static ObjectDescription describe(String objectName, List<Property> properties) {
        List<List<String>> keys = new ArrayList<>();
        List<ObjectDescription.Field> fields = new ArrayList<>();
        for (Property p : properties) {
            boolean key = isKey(objectName, p);
            if (key) {
                keys.add(List.of(p.name()));
            }
            fields.add(new ObjectDescription.Field(p.name(), p.type(), !p.name().equals("hs_object_id"), key,
                    p.temporal()));
        }
        return new ObjectDescription(objectName, fields, keys);
    }

    /** Whether upserts may match on the property: HubSpot's idProperty is a unique property or a contact's email. */
    static boolean isKey(String objectName, Property p) {
        return p.name().equals("hs_object_id") || p.unique()
                || p.name().equals("email") && objectName.toLowerCase(Locale.ROOT).matches("contacts?|0-1");
    }

    static String write(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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

    static ConnectorException malformed(String what) {
        return new ConnectorException(Reason.TRANSIENT, "hubspot sent an unexpected answer: " + what);
    }
}
