package io.crmsync.exception.item;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.crypto.Sealed;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.message.Names;
import io.crmsync.proto.exception.v1.RejectedRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Writes items of rejected records in bulk: arrays bound once and unnested by PostgreSQL. Each payload is sealed
 * for its item's id, which is why ids are known before the statements run.
 */
@ApplicationScoped
class ItemWriter {

    /** One record and the item it becomes or counts on. */
    record Write(UUID itemId, RejectedRecord record) {
    }

    /** What all writes of a batch share. */
    record Context(String integrationId, String pointId, String runId, String operation, Instant now,
            Instant payloadExpireTime) {
    }

    private static final String UNNEST = """
            unnest(?::uuid[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
                AS u(id, record_key, code, message, key_values, side, payload, nonce, key_id)""";

    private final Jdbc jdbc;
    private final PayloadVault vault;
    private final ObjectMapper json;

    ItemWriter(Jdbc jdbc, PayloadVault vault, ObjectMapper json) {
        this.jdbc = jdbc;
        this.vault = vault;
        this.json = json;
    }

    /** New OPEN items under {@code messageId}, each with its first run. */
    void insert(Context c, UUID messageId, List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        Object[] arrays = arrays(writes);
        jdbc.update("""
                INSERT INTO exception_items (id, message_id, integration_id, integration_point_id, record_key, code,
                    message, operation, key_values, side, state, attempt_count, create_time, last_seen_time,
                    last_run_id, payload, payload_nonce, payload_key_id, payload_expire_time)
                SELECT u.id, ?, ?, ?, u.record_key, u.code, u.message, ?,
                       ARRAY(SELECT jsonb_array_elements_text(u.key_values::jsonb)), u.side, 'OPEN', 1, ?, ?, ?,
                       decode(u.payload, 'base64'), decode(u.nonce, 'base64'), u.key_id, ?
                FROM\s""" + UNNEST, concat(new Object[] { messageId, c.integrationId(), c.pointId(), c.operation(),
                c.now(), c.now(), c.runId(), c.payloadExpireTime() }, arrays));
        runs(c, writes);
    }

    /**
     * Counts the records on their existing items: latest code, message and snapshot; one more attempt when this run
     * had not rejected the record yet; a RETRYING item is OPEN again, an IGNORED one stays IGNORED.
     */
    void update(Context c, List<Write> writes) {
        if (writes.isEmpty()) {
            return;
        }
        List<UUID> newRuns = runs(c, writes);
        jdbc.update("""
                UPDATE exception_items i
                SET code = u.code, message = u.message, side = u.side, operation = ?,
                    key_values = ARRAY(SELECT jsonb_array_elements_text(u.key_values::jsonb)),
                    last_seen_time = ?, last_run_id = ?,
                    payload = decode(u.payload, 'base64'), payload_nonce = decode(u.nonce, 'base64'),
                    payload_key_id = u.key_id, payload_expire_time = ?,
                    state = CASE WHEN i.state = 'RETRYING' THEN 'OPEN' ELSE i.state END,
                    attempt_count = i.attempt_count + CASE WHEN i.id = ANY(?) THEN 1 ELSE 0 END
                FROM\s""" + UNNEST + " WHERE i.id = u.id", concat(new Object[] { c.operation(), c.now(), c.runId(),
                c.payloadExpireTime(), Jdbc.uuids(newRuns) }, arrays(writes)));
    }

    /** Records that this run rejected these items; returns the items it had not rejected before. */
    private List<UUID> runs(Context c, List<Write> writes) {
        List<UUID> ids = new ArrayList<>();
        List<String> codes = new ArrayList<>();
        List<String> messages = new ArrayList<>();
        for (Write w : writes) {
            ids.add(w.itemId());
            codes.add(w.record().getCode());
            messages.add(w.record().getMessage());
        }
        return jdbc.list("""
                INSERT INTO exception_item_runs (item_id, run_id, seen_time, code, message)
                SELECT u.id, ?, ?, u.code, u.message FROM unnest(?::uuid[], ?::text[], ?::text[]) AS u(id, code, message)
                ON CONFLICT (item_id, run_id) DO NOTHING
                RETURNING item_id""", rs -> Jdbc.uuid(rs, "item_id"), c.runId(), c.now(), Jdbc.uuids(ids),
                Jdbc.texts(codes), Jdbc.texts(messages));
    }

    private Object[] arrays(List<Write> writes) {
        int n = writes.size();
        List<UUID> ids = new ArrayList<>(n);
        List<String> keys = new ArrayList<>(n);
        List<String> codes = new ArrayList<>(n);
        List<String> messages = new ArrayList<>(n);
        List<String> keyValues = new ArrayList<>(n);
        List<String> sides = new ArrayList<>(n);
        List<String> payloads = new ArrayList<>(n);
        List<String> nonces = new ArrayList<>(n);
        List<String> keyIds = new ArrayList<>(n);
        Base64.Encoder base64 = Base64.getEncoder();
        for (Write w : writes) {
            RejectedRecord r = w.record();
            ids.add(w.itemId());
            keys.add(r.getRecordKey());
            codes.add(r.getCode());
            messages.add(r.getMessage());
            keyValues.add(toJson(r.getKeyValuesList()));
            sides.add(Names.of(r.getSide(), "TARGET"));
            if (r.getPayloadJson().isEmpty()) {
                payloads.add(null);
                nonces.add(null);
                keyIds.add(null);
            } else {
                Sealed sealed = vault.seal(w.itemId(), r.getPayloadJson());
                payloads.add(base64.encodeToString(sealed.ciphertext()));
                nonces.add(base64.encodeToString(sealed.nonce()));
                keyIds.add(sealed.keyId());
            }
        }
        return new Object[] { Jdbc.uuids(ids), Jdbc.texts(keys), Jdbc.texts(codes), Jdbc.texts(messages),
                Jdbc.texts(keyValues), Jdbc.texts(sides), Jdbc.texts(payloads), Jdbc.texts(nonces),
                Jdbc.texts(keyIds) };
    }

    private String toJson(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write key values", e);
        }
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] all = new Object[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
