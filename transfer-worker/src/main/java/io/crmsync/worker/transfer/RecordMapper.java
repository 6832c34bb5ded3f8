package io.crmsync.worker.transfer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.rules.CompiledRule;
import io.crmsync.rules.ValueRejected;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.TargetRow;

/**
 * Applies an integration point's compiled field rules to source records: target rows for the writer, and the
 * key and JSON snapshot that identify a rejected record to admins.
 */
final class RecordMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<CompiledRule> rules;
    private final Map<String, String> keySourceByTarget;
    private final Redaction redaction;

    /**
     * @param rules the compiled field rules, in the order of the written columns
     * @param keySourceByTarget each match-key target field with the source field filling it, in key order
     * @param redaction which source values {@link #payloadJson} leaves out
     */
    RecordMapper(List<CompiledRule> rules, Map<String, String> keySourceByTarget, Redaction redaction) {
        this.rules = List.copyOf(rules);
        this.keySourceByTarget = keySourceByTarget;
        this.redaction = redaction;
    }

    /**
     * The record's target row.
     *
     * @throws ValueRejected when a rule cannot produce its value (the record is rejected, the run goes on)
     */
    TargetRow toRow(SourceRecord record) throws ValueRejected {
        List<Object> values = new ArrayList<>(rules.size());
        for (CompiledRule rule : rules) {
            values.add(rule.apply(record::value));
        }
        return new TargetRow(values);
    }

    /** The first match-key field whose source value is empty: such a record cannot be matched safely. */
    Optional<String> missingKeyField(SourceRecord record) {
        return keySourceByTarget.entrySet().stream().filter(e -> record.value(e.getValue()) == null)
                .map(Map.Entry::getKey).findFirst();
    }

    /** {@code field=value, ...} over the match key, with target field names. */
    String recordKey(SourceRecord record) {
        List<String> pairs = new ArrayList<>();
        keySourceByTarget.forEach((target, source) -> pairs.add(target + "=" + record.value(source)));
        return String.join(", ", pairs);
    }

    /**
     * The record's source values of the match key, as the source writes them as text, in key order; empty when one
     * is missing (or the record could not be read).
     */
    List<String> keyValues(SourceRecord record) {
        return record.unreadable() == null && record.position().isComplete()
                && record.position().key().size() == keySourceByTarget.size() ? record.position().key() : List.of();
    }

    /**
     * The snapshot of a record kept by exception-service: as read from the source, as a JSON object, with sensitive
     * values redacted (see {@link Redaction}).
     */
    String payloadJson(SourceRecord record) {
        return json(record, true);
    }

    /** The record exactly as read from the source, as a JSON object: what a preview shows the admin waiting. */
    String sourceJson(SourceRecord record) {
        return json(record, false);
    }

    private String json(SourceRecord record, boolean redacted) {
        ObjectNode node = JSON.createObjectNode();
        boolean unreadable = record.unreadable() != null;
        record.values().forEach((field, value) -> node.set(field,
                redacted && (unreadable ? redaction.rawTextRedacted() : redaction.sensitive(field))
                        ? JSON.getNodeFactory().textNode(Redaction.REDACTED)
                        : json(value)));
        return node.toString();
    }

    /** What a preview shows of a record: the values the rules produce, and each rule's problem. */
    record Mapped(String targetJson, List<String> problems) {
    }

    Mapped preview(SourceRecord record) {
        ObjectNode node = JSON.createObjectNode();
        List<String> problems = new ArrayList<>();
        for (CompiledRule rule : rules) {
            try {
                node.set(rule.spec().targetField(), json(rule.apply(record::value)));
            } catch (ValueRejected e) {
                node.putNull(rule.spec().targetField());
                problems.add(e.getMessage());
            }
        }
        return new Mapped(node.toString(), problems);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(Object value) {
        var nodes = JSON.getNodeFactory();
        if (value == null) {
            return nodes.nullNode();
        }
        if (value instanceof Long l) {
            return nodes.numberNode(l);
        }
        if (value instanceof BigDecimal d) {
            return nodes.numberNode(d);
        }
        if (value instanceof Double d && Double.isFinite(d)) {
            return nodes.numberNode(d);
        }
        if (value instanceof Boolean b) {
            return nodes.booleanNode(b);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = nodes.arrayNode();
            list.forEach(item -> array.add(json(item)));
            return array;
        }
        return nodes.textNode(value.toString());
    }
}
