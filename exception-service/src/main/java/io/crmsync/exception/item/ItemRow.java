package io.crmsync.exception.item;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.crmsync.common.crypto.Sealed;
import io.crmsync.exception.db.Jdbc;

/** One row of exception_items; the payload as stored, sealed (null when none or purged). */
public record ItemRow(UUID id, UUID messageId, String integrationId, String integrationPointId, String recordKey,
        String code, String message, String operation, List<String> keyValues, String side, String state,
        int attemptCount, Instant createTime, Instant lastSeenTime, String lastRunId, Instant resolveTime,
        String resolveRunId, Sealed payload, Instant payloadExpireTime) {

    /** The columns {@link #read} expects, qualified by the alias {@code i}. */
    public static final String COLUMNS = "i.id, i.message_id, i.integration_id, i.integration_point_id, i.record_key,"
            + " i.code, i.message, i.operation, i.key_values, i.side, i.state, i.attempt_count, i.create_time,"
            + " i.last_seen_time, i.last_run_id, i.resolve_time, i.resolve_run_id, i.payload, i.payload_nonce,"
            + " i.payload_key_id, i.payload_expire_time";

    public static ItemRow read(ResultSet rs) throws SQLException {
        byte[] payload = rs.getBytes("payload");
        Sealed sealed = payload == null ? null
                : new Sealed(rs.getString("payload_key_id"), rs.getBytes("payload_nonce"), payload);
        return new ItemRow(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "message_id"), rs.getString("integration_id"),
                rs.getString("integration_point_id"), rs.getString("record_key"), rs.getString("code"),
                rs.getString("message"), rs.getString("operation"), texts(rs.getArray("key_values")),
                rs.getString("side"), rs.getString("state"), rs.getInt("attempt_count"),
                Jdbc.instant(rs, "create_time"), Jdbc.instant(rs, "last_seen_time"), rs.getString("last_run_id"),
                Jdbc.instant(rs, "resolve_time"), rs.getString("resolve_run_id"), sealed,
                Jdbc.instant(rs, "payload_expire_time"));
    }

    private static List<String> texts(Array array) throws SQLException {
        return array == null ? List.of() : List.of((String[]) array.getArray());
    }

    @Override
    public String toString() {
        return "ItemRow[id=" + id + ", messageId=" + messageId + ", state=" + state + "]";
    }
}
