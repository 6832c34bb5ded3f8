package io.crmsync.exception.message;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.UUID;

import io.crmsync.exception.db.Jdbc;

/** One row of exception_messages. */
public record MessageRow(UUID id, String integrationId, String runId, String integrationPointId, String kind,
        String side, String state, String code, String message, long itemCount, long openItemCount,
        long occurrenceCount, Instant createTime, Instant stateTime, Instant lastSeenTime, String retryRunId,
        int retryCount) {

    /** The columns {@link #read} expects, for {@code SELECT ... FROM exception_messages}. */
    public static final String COLUMNS = "id, integration_id, run_id, integration_point_id, kind, side, state, code,"
            + " message, item_count, open_item_count, occurrence_count, create_time, state_time, last_seen_time,"
            + " retry_run_id, retry_count";

    public static MessageRow read(ResultSet rs) throws SQLException {
        return new MessageRow(Jdbc.uuid(rs, "id"), rs.getString("integration_id"), rs.getString("run_id"),
                rs.getString("integration_point_id"), rs.getString("kind"), rs.getString("side"),
                rs.getString("state"), rs.getString("code"), rs.getString("message"), rs.getLong("item_count"),
                rs.getLong("open_item_count"), rs.getLong("occurrence_count"), Jdbc.instant(rs, "create_time"),
                Jdbc.instant(rs, "state_time"), Jdbc.instant(rs, "last_seen_time"), rs.getString("retry_run_id"),
                rs.getInt("retry_count"));
    }

    public boolean rejects() {
        return Names.RECORD_REJECTS.equals(kind);
    }

    public boolean resolved() {
        return Names.RESOLVED.equals(state);
    }

    /** OPEN or RETRYING: for a reject message, the point's one active message. */
    public boolean active() {
        return Names.OPEN.equals(state) || Names.RETRYING.equals(state);
    }
}
