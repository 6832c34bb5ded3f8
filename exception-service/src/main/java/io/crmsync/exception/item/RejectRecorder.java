package io.crmsync.exception.item;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.crmsync.exception.ExceptionsConfig;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.db.PointLock;
import io.crmsync.exception.message.ExceptionMessageCreated;
import io.crmsync.exception.message.MessageRow;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.message.Names;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RejectedRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/**
 * Records a batch of rejected records under the point's active reject message. A record of a point already holding
 * an unresolved item with its key counts on that item (once per run) instead of adding one. Set-based: a batch of
 * thousands of records is a handful of statements. Batches of one point are serialised by {@link PointLock}.
 */
@ApplicationScoped
public class RejectRecorder {

    private static final Logger LOG = Logger.getLogger(RejectRecorder.class);

    /** The outcome of a batch. */
    public record Recorded(MessageRow message, int recorded, int created) {
    }

    private record Existing(UUID id, String state, UUID messageId) {
    }

    private final Jdbc jdbc;
    private final PointLock pointLock;
    private final Messages messages;
    private final ItemWriter writer;
    private final Clock clock;
    private final ExceptionsConfig config;
    private final Event<ExceptionMessageCreated> createdEvent;

    RejectRecorder(Jdbc jdbc, PointLock pointLock, Messages messages, ItemWriter writer, Clock clock,
            ExceptionsConfig config, Event<ExceptionMessageCreated> createdEvent) {
        this.jdbc = jdbc;
        this.pointLock = pointLock;
        this.messages = messages;
        this.writer = writer;
        this.clock = clock;
        this.config = config;
        this.createdEvent = createdEvent;
    }

    @Transactional
    public Recorded record(RecordRejectsRequest request) {
        RejectValidation.validate(request);
        String pointId = request.getIntegrationPointId();
        String runId = request.getRunId();
        pointLock.lock(pointId);
        Optional<UUID> earlier = jdbc.one("SELECT message_id FROM recorded_reject_batches WHERE batch_id = ?",
                rs -> Jdbc.uuid(rs, "message_id"), request.getBatchId());
        if (earlier.isPresent()) {
            return new Recorded(messages.find(earlier.get()).orElseThrow(), 0, 0);
        }
        Instant now = clock.instant();
        Instant expire = now.plus(config.payloadRetention());

        // The same key twice in one batch is one record: the last report of it wins.
        Map<String, RejectedRecord> keyed = new LinkedHashMap<>();
        List<RejectedRecord> unkeyed = new ArrayList<>();
        for (RejectedRecord record : request.getRecordsList()) {
            if (record.getRecordKey().isEmpty()) {
                unkeyed.add(record);
            } else {
                keyed.remove(record.getRecordKey());
                keyed.put(record.getRecordKey(), record);
            }
        }
        Map<String, Existing> existing = new HashMap<>();
        if (!keyed.isEmpty()) {
            jdbc.list("SELECT id, record_key, state, message_id FROM exception_items WHERE integration_point_id = ?"
                    + " AND record_key = ANY(?) AND state <> 'RESOLVED' AND record_key <> ''",
                    rs -> existing.put(rs.getString("record_key"), new Existing(Jdbc.uuid(rs, "id"),
                            rs.getString("state"), Jdbc.uuid(rs, "message_id"))),
                    pointId, Jdbc.texts(keyed.keySet()));
        }
        List<ItemWriter.Write> fresh = new ArrayList<>();
        List<ItemWriter.Write> again = new ArrayList<>();
        UUID ignoredMessage = null;
        for (RejectedRecord record : unkeyed) {
            fresh.add(new ItemWriter.Write(UUID.randomUUID(), record));
        }
        for (RejectedRecord record : keyed.values()) {
            Existing item = existing.get(record.getRecordKey());
            if (item == null) {
                fresh.add(new ItemWriter.Write(UUID.randomUUID(), record));
            } else {
                again.add(new ItemWriter.Write(item.id(), record));
                if (Names.IGNORED.equals(item.state()) && ignoredMessage == null) {
                    ignoredMessage = item.messageId();
                }
            }
        }
        boolean needsActive = !fresh.isEmpty() || again.stream()
                .anyMatch(w -> !Names.IGNORED.equals(existing.get(w.record().getRecordKey()).state()));

        MessageRow active = null;
        boolean createdMessage = false;
        if (needsActive) {
            Optional<MessageRow> current = messages.lockActiveRejects(pointId);
            if (current.isPresent()) {
                active = current.get();
            } else {
                active = createActive(request, now);
                createdMessage = true;
            }
        }
        UUID messageId = active != null ? active.id() : ignoredMessage;
        boolean newRun = active != null && !createdMessage && jdbc.count("""
                SELECT count(*) FROM exception_item_runs r JOIN exception_items i ON i.id = r.item_id
                WHERE r.run_id = ? AND i.message_id = ?""", runId, active.id()) == 0;

        ItemWriter.Context context = new ItemWriter.Context(request.getIntegrationId(), pointId, runId,
                Names.of(request.getOperation()), now, expire);
        writer.insert(context, active == null ? null : active.id(), fresh);
        writer.update(context, again);
        if (active != null) {
            jdbc.update("""
                    UPDATE exception_messages SET item_count = item_count + ?, open_item_count = open_item_count + ?,
                        occurrence_count = occurrence_count + ?, last_seen_time = ?, run_id = ?
                    WHERE id = ?""", fresh.size(), fresh.size(), newRun ? 1 : 0, now, runId, active.id());
        }
        int recorded = fresh.size() + again.size();
        jdbc.update("INSERT INTO recorded_reject_batches (batch_id, message_id, recorded, create_time)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING", request.getBatchId(), messageId, recorded,
                now);
        MessageRow message = messages.find(messageId).orElseThrow();
        if (createdMessage) {
            createdEvent.fire(new ExceptionMessageCreated(message.id(), message.integrationId(),
                    message.integrationPointId(), message.runId(), message.kind(), message.side(), message.code(),
                    message.message(), message.createTime()));
        }
        LOG.infof("rejects recorded message_id=%s run_id=%s integration_point_id=%s new=%d again=%d", messageId,
                runId, pointId, fresh.size(), again.size());
        return new Recorded(message, recorded, fresh.size());
    }

    private MessageRow createActive(RecordRejectsRequest request, Instant now) {
        String side = Names.of(request.getRecords(0).getSide(), "TARGET");
        String text = side.equals("SOURCE") ? "Records were refused while reading or mapping them"
                : "Records were rejected by the target";
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO exception_messages (id, integration_id, run_id, integration_point_id, kind, side, state,
                    code, message, item_count, create_time, state_time, last_seen_time, occurrence_count)
                VALUES (?, ?, ?, ?, 'RECORD_REJECTS', ?, 'OPEN', 'transfer.records_rejected', ?, 0, ?, ?, ?, 1)""",
                id, request.getIntegrationId(), request.getRunId(), request.getIntegrationPointId(), side, text, now,
                now, now);
        LOG.infof("exception message created message_id=%s integration_id=%s run_id=%s kind=RECORD_REJECTS", id,
                request.getIntegrationId(), request.getRunId());
        return messages.lock(id);
    }
}
