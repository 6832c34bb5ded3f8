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
    public Recorded record(RecordRejectsRequest raw) {
        RecordRejectsRequest request = RejectValidation.validate(raw);
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
        // A point has one active reject message per side: a batch mixing sides records each under its own.
        Map<String, List<RejectedRecord>> bySide = new LinkedHashMap<>();
        for (RejectedRecord record : unkeyed) {
            bySide.computeIfAbsent(Names.of(record.getSide(), "TARGET"), s -> new ArrayList<>()).add(record);
        }
        for (RejectedRecord record : keyed.values()) {
            bySide.computeIfAbsent(Names.of(record.getSide(), "TARGET"), s -> new ArrayList<>()).add(record);
        }
        String firstSide = Names.of(request.getRecords(0).getSide(), "TARGET");
        UUID firstMessage = null;
        int recorded = 0;
        int created = 0;
        ItemWriter.Context context = new ItemWriter.Context(request.getIntegrationId(), pointId, runId,
                Names.of(request.getOperation()), now, expire);
        for (Map.Entry<String, List<RejectedRecord>> side : bySide.entrySet()) {
            Recorded part = recordSide(request, context, side.getKey(), side.getValue(), existing);
            recorded += part.recorded();
            created += part.created();
            if (firstMessage == null || side.getKey().equals(firstSide)) {
                firstMessage = part.message().id();
            }
        }
        jdbc.update("INSERT INTO recorded_reject_batches (batch_id, message_id, recorded, create_time)"
                + " VALUES (?, ?, ?, ?) ON CONFLICT (batch_id) DO NOTHING", request.getBatchId(), firstMessage,
                recorded, now);
        return new Recorded(messages.find(firstMessage).orElseThrow(), recorded, created);
    }

    /** The records of one side under the point's active reject message of that side. */
    private Recorded recordSide(RecordRejectsRequest request, ItemWriter.Context context, String side,
            List<RejectedRecord> records, Map<String, Existing> existing) {
        String pointId = request.getIntegrationPointId();
        String runId = request.getRunId();
        Instant now = context.now();
        List<ItemWriter.Write> fresh = new ArrayList<>();
        List<ItemWriter.Write> again = new ArrayList<>();
        UUID ignoredMessage = null;
        for (RejectedRecord record : records) {
            Existing item = record.getRecordKey().isEmpty() ? null : existing.get(record.getRecordKey());
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
            Optional<MessageRow> current = messages.lockActiveRejects(pointId, side);
            if (current.isPresent()) {
                active = current.get();
            } else {
                active = createActive(request, side, now);
                createdMessage = true;
            }
        }
        UUID messageId = active != null ? active.id() : ignoredMessage;
        boolean newRun = active != null && !createdMessage && jdbc.count("""
                SELECT count(*) FROM exception_item_runs r JOIN exception_items i ON i.id = r.item_id
                WHERE r.run_id = ? AND i.message_id = ?""", runId, active.id()) == 0;

        writer.insert(context, active == null ? null : active.id(), fresh);
        writer.update(context, again);
        if (active != null) {
            jdbc.update("""
                    UPDATE exception_messages SET item_count = item_count + ?, open_item_count = open_item_count + ?,
                        occurrence_count = occurrence_count + ?, last_seen_time = ?, run_id = ?
                    WHERE id = ?""", fresh.size(), fresh.size(), newRun ? 1 : 0, now, runId, active.id());
            moveToSide(active, again, existing, now);
        }
        MessageRow message = messages.find(messageId).orElseThrow();
        if (createdMessage) {
            createdEvent.fire(new ExceptionMessageCreated(message.id(), message.integrationId(),
                    message.integrationPointId(), message.runId(), message.kind(), message.side(), message.code(),
                    message.message(), message.createTime()));
        }
        LOG.infof("rejects recorded message_id=%s run_id=%s integration_point_id=%s side=%s new=%d again=%d",
                messageId, runId, pointId, side, fresh.size(), again.size());
        return new Recorded(message, fresh.size() + again.size(), fresh.size());
    }

    /**
     * Unresolved, not ignored items now rejected on the other side (a record the source refused is now refused
     * by the target, or the reverse) move under this side's active message; the messages they leave are recounted.
     */
    private void moveToSide(MessageRow active, List<ItemWriter.Write> again, Map<String, Existing> existing,
            Instant now) {
        List<UUID> moved = new ArrayList<>();
        List<UUID> left = new ArrayList<>();
        for (ItemWriter.Write w : again) {
            Existing item = existing.get(w.record().getRecordKey());
            if (!Names.IGNORED.equals(item.state()) && !item.messageId().equals(active.id())) {
                moved.add(item.id());
                if (!left.contains(item.messageId())) {
                    left.add(item.messageId());
                }
            }
        }
        if (moved.isEmpty()) {
            return;
        }
        messages.lockAll(left);
        jdbc.update("UPDATE exception_items SET message_id = ? WHERE id = ANY(?)", active.id(), Jdbc.uuids(moved));
        List<UUID> touched = new ArrayList<>(left);
        touched.add(active.id());
        messages.settle(touched, now);
    }

    private MessageRow createActive(RecordRejectsRequest request, String side, Instant now) {
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
