package io.crmsync.worker.connector.dynamics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;

import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.ConnectorException.Reason;
import io.crmsync.worker.connector.ObjectDescription;

/** Reads the bodies the Web API and Entra ID answer with, in the shapes the documented examples show. */
final class DynamicsJson {

    /** Money and decimal columns keep their exact digits. */
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

    /** Attribute types that hold no readable value of their own. */
    private static final Set<String> UNREADABLE = Set.of("Virtual", "ManagedProperty", "CalendarRules",
            "PartyList");

    private DynamicsJson() {
    }

    /** An Entra ID token answer. */
    record Token(String accessToken, long expiresIn) {
        @Override
        public String toString() {
            return "Token[expiresIn=" + expiresIn + "]";
        }
    }

    /** The Web API's error: {@code {"error":{"code":"0x…","message":"…"}}}. */
    record ApiError(String code, String message) {
    }

    /** One page of rows; at most one of the links is set on the last page. */
    record Page(List<JsonNode> rows, String nextLink, String deltaLink) {
    }

    /** A column as EntityDefinitions reports it. */
    record DvColumn(String name, String type, boolean required, boolean dateOnly, int maxLength) {

        boolean temporal() {
            return type.equals("DateTime");
        }
    }

    /** A table as EntityDefinitions reports it. */
    record DvTable(String logicalName, String entitySet, String primaryId, List<DvColumn> columns,
            Map<String, List<String>> keys, boolean changeTracking) {

        DvColumn column(String name) {
            return columns.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }

        /** The primary id and each alternate key are the unique keys. */
        ObjectDescription toDescription(String name) {
            List<List<String>> unique = new ArrayList<>();
            unique.add(List.of(primaryId));
            unique.addAll(keys.values());
            Set<String> keyed = new java.util.HashSet<>();
            unique.forEach(keyed::addAll);
            return new ObjectDescription(name, columns.stream().map(c -> new ObjectDescription.Field(c.name(),
                    c.type(), !c.required(), keyed.contains(c.name()), c.temporal())).toList(), unique);
        }
    }

    /** One part of a {@code $batch} answer. */
    record BatchPart(int status, Map<String, String> headers, String body) {
    }

    static Token token(String body) {
        JsonNode node = tree(body);
        String token = node.path("access_token").asText("");
        if (token.isEmpty()) {
            throw malformed("token answer without access_token");
        }
        return new Token(token, node.path("expires_in").asLong(3599));
    }

    /** An Entra ID error as {@code error: first line of the description}; never holds the submitted secret. */
    static String oauthError(String body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                return "unreadable answer";
            }
            String description = node.path("error_description").asText("").split("\r?\n")[0];
            return node.path("error").asText("unknown_error") + (description.isEmpty() ? "" : ": " + description);
        } catch (JsonProcessingException e) {
            return "unreadable answer";
        }
    }

    /** The Web API error in a body, or null when the body is not one. */
    static ApiError error(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            JsonNode error = node == null ? null : node.get("error");
            if (error == null || !error.isObject()) {
                return null;
            }
            return new ApiError(error.path("code").asText(""), error.path("message").asText(""));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static Page page(String body) {
        JsonNode node = tree(body);
        if (!node.path("value").isArray()) {
            throw malformed("query answer without value");
        }
        List<JsonNode> rows = new ArrayList<>();
        node.path("value").forEach(rows::add);
        return new Page(rows, text(node.get("@odata.nextLink")), text(node.get("@odata.deltaLink")));
    }

    /** Whether a delta row is a deleted entity rather than a changed row. */
    static boolean isDeleted(JsonNode row) {
        return row.path("@odata.context").asText("").endsWith("/$deletedEntity");
    }

    /** An EntityDefinitions answer, single or (filtered) collection; null when the collection is empty. */
    static DvTable table(String body) {
        JsonNode node = tree(body);
        if (node.has("value")) {
            if (node.path("value").isEmpty()) {
                return null;
            }
            node = node.path("value").get(0);
        }
        List<DvColumn> columns = new ArrayList<>();
        for (JsonNode a : node.path("Attributes")) {
            String type = a.path("AttributeType").asText("");
            if (UNREADABLE.contains(type) || !a.path("IsValidForRead").asBoolean(true)) {
                continue;
            }
            columns.add(new DvColumn(a.path("LogicalName").asText(), type,
                    a.path("RequiredLevel").path("Value").asText("None").equals("SystemRequired"),
                    a.path("DateTimeBehavior").path("Value").asText("").equals("DateOnly")
                            || a.path("Format").asText("").equals("DateOnly"),
                    a.path("MaxLength").asInt(0)));
        }
        if (columns.isEmpty() || node.path("PrimaryIdAttribute").asText("").isEmpty()) {
            throw malformed("table metadata without Attributes or PrimaryIdAttribute");
        }
        Map<String, List<String>> keys = new LinkedHashMap<>();
        for (JsonNode k : node.path("Keys")) {
            List<String> attributes = new ArrayList<>();
            k.path("KeyAttributes").forEach(a -> attributes.add(a.asText()));
            keys.put(k.path("LogicalName").asText(), attributes);
        }
        return new DvTable(node.path("LogicalName").asText(), node.path("EntitySetName").asText(),
                node.path("PrimaryIdAttribute").asText(), columns, keys, node.path("ChangeTrackingEnabled")
                        .asBoolean(false));
    }

    /**
     * The parts of a multipart {@code $batch} answer in order; a change set's parts are listed in place.
     *
     * @param contentType the answer's Content-Type, which names the boundary
     */
    static List<BatchPart> batchParts(String contentType, String body) {
        String boundary = boundary(contentType);
        if (boundary == null) {
            throw malformed("$batch answer that is not multipart");
        }
        List<BatchPart> parts = new ArrayList<>();
        String normalized = body.replace("\r\n", "\n");
        for (String chunk : normalized.split("(?m)^--" + java.util.regex.Pattern.quote(boundary) + "(--)?[ \t]*$")) {
            String part = chunk.replaceFirst("^\n", "");
            if (part.isBlank()) {
                continue;
            }
            int blank = part.indexOf("\n\n");
            String head = blank < 0 ? part : part.substring(0, blank);
            String content = blank < 0 ? "" : part.substring(blank + 2);
            String partType = header(head, "Content-Type");
            if (partType != null && partType.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
                parts.addAll(batchParts(partType, content));
                continue;
            }
            parts.add(httpPart(content));
        }
        return parts;
    }

    private static BatchPart httpPart(String content) {
        String[] lines = content.split("\n", -1);
        if (lines.length == 0 || !lines[0].startsWith("HTTP/1.1 ") || lines[0].length() < 12) {
            throw malformed("$batch part without a status line");
        }
        int status;
        try {
            status = Integer.parseInt(lines[0].substring(9, 12));
        } catch (NumberFormatException e) {
            throw malformed("$batch part with a bad status line");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        StringBuilder rest = new StringBuilder();
        for (i++; i < lines.length; i++) {
            rest.append(lines[i]).append('\n');
        }
        return new BatchPart(status, headers, rest.toString().strip());
    }

    static String boundary(String contentType) {
        if (contentType == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("boundary=\"?([^\";]+)\"?").matcher(contentType);
        return m.find() ? m.group(1) : null;
    }

    private static String header(String head, String name) {
        for (String line : head.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    static JsonNode tree(String body) {
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
        return new ConnectorException(Reason.TRANSIENT, "dynamics sent an unexpected answer: " + what);
    }
}
