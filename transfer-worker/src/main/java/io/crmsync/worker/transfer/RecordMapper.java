package io.crmsync.worker.transfer;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.worker.connector.SourceRecord;
import io.crmsync.worker.connector.TargetRow;

/**
 * Applies an integration point's field rules to source records: target rows for the writer, and the key and
 * JSON snapshot that identify a rejected record to admins.
 */
final class RecordMapper {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FieldRule> rules;
    private final Map<String, String> keySourceByTarget;

    /**
     * @param rules the field rules, in the order of the written columns
     * @param keySourceByTarget each match-key target field with the source field filling it, in key order
     */
    RecordMapper(List<FieldRule> rules, Map<String, String> keySourceByTarget) {
        this.rules = List.copyOf(rules);
        this.keySourceByTarget = keySourceByTarget;
    }

    TargetRow toRow(SourceRecord record) {
        List<Object> values = new ArrayList<>(rules.size());
        for (FieldRule rule : rules) {
            values.add(rule.hasSourceField() ? record.value(rule.getSourceField()) : rule.getConstant());
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

    /** The record as read from the source, as a JSON object. */
    String payloadJson(SourceRecord record) {
        ObjectNode node = JSON.createObjectNode();
        record.values().forEach((field, value) -> put(node, field, value));
        return node.toString();
    }

    /** The values the rules produce for the record, as a JSON object by target field; constants as their text. */
    String targetJson(SourceRecord record) {
        ObjectNode node = JSON.createObjectNode();
        List<Object> values = toRow(record).values();
        for (int i = 0; i < rules.size(); i++) {
            put(node, rules.get(i).getTargetField(), values.get(i));
        }
        return node.toString();
    }

    private static void put(ObjectNode node, String field, Object value) {
        if (value == null) {
            node.putNull(field);
        } else if (value instanceof Long l) {
            node.put(field, l);
        } else if (value instanceof BigDecimal d) {
            node.put(field, d);
        } else if (value instanceof Double d && Double.isFinite(d)) {
            node.put(field, d);
        } else if (value instanceof Boolean b) {
            node.put(field, b);
        } else {
            node.put(field, value.toString());
        }
    }
}
