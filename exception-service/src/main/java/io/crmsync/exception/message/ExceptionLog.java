package io.crmsync.exception.message;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.RejectedRecord;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Keeps user exception messages and their items. */
@ApplicationScoped
public class ExceptionLog {

    private static final Logger LOG = Logger.getLogger(ExceptionLog.class);
    static final String REJECTS = ExceptionKind.EXCEPTION_KIND_RECORD_REJECTS.name().substring("EXCEPTION_KIND_".length());

    private final EntityManager em;
    private final Clock clock;
    private final ObjectMapper json;
    private final Event<ExceptionMessageCreated> created;

    ExceptionLog(EntityManager em, Clock clock, ObjectMapper json, Event<ExceptionMessageCreated> created) {
        this.em = em;
        this.clock = clock;
        this.json = json;
        this.created = created;
    }

    /** A row of exception_items as read back. */
    public record Item(UUID id, UUID messageId, String recordKey, String code, String message, String payloadJson,
            Instant createTime) {
    }

    /** The outcome of recording a batch of rejects. */
    public record Recorded(ExceptionMessageEntity message, int recorded) {
    }

    @Transactional
    public ExceptionMessageEntity reportFailure(String integrationId, String runId, String pointId, ExceptionKind kind,
            String code, String message) {
        require("integration_id", integrationId);
        require("code", code);
        require("message", message);
        if (kind != ExceptionKind.EXCEPTION_KIND_RUN_FAILURE && kind != ExceptionKind.EXCEPTION_KIND_CONFIGURATION
                && kind != ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED) {
            throw CrmsyncException.invalidField("kind", "must be RUN_FAILURE, CONFIGURATION or INTEGRATION_DISABLED");
        }
        if (kind == ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED) {
            // One message per disabling, however often the scheduler retries its report.
            require("run_id", runId);
            ExceptionMessageEntity earlier = ExceptionMessageEntity.<ExceptionMessageEntity> find(
                    "integrationId = ?1 and runId = ?2 and kind = ?3", integrationId, runId, kindName(kind))
                    .firstResult();
            if (earlier != null) {
                return earlier;
            }
        }
        ExceptionMessageEntity entity = new ExceptionMessageEntity();
        entity.id = UUID.randomUUID();
        entity.integrationId = integrationId;
        entity.runId = emptyToNull(runId);
        entity.integrationPointId = emptyToNull(pointId);
        entity.kind = kindName(kind);
        entity.code = code;
        entity.message = message;
        entity.createTime = clock.instant();
        entity.persist();
        created.fire(new ExceptionMessageCreated(entity.id, integrationId, entity.integrationPointId, entity.runId,
                entity.kind, "PLATFORM", code, message, entity.createTime));
        LOG.infof("exception recorded message_id=%s integration_id=%s run_id=%s code=%s", entity.id, integrationId,
                runId, code);
        return entity;
    }

    /**
     * Appends rejected records to the run's reject message for the point, creating it on first use.
     * A batch id seen before adds nothing, so a worker may resend a batch whose reply it lost.
     */
    @Transactional
    public Recorded recordRejects(String integrationId, String runId, String pointId, String batchId,
            List<RejectedRecord> records) {
        require("integration_id", integrationId);
        require("run_id", runId);
        require("integration_point_id", pointId);
        require("batch_id", batchId);
        if (records.isEmpty()) {
            throw CrmsyncException.invalidField("records", "must hold at least one record");
        }
        for (int i = 0; i < records.size(); i++) {
            validate(i, records.get(i));
        }
        Instant now = clock.instant();
        int inserted = em.createNativeQuery("""
                INSERT INTO exception_messages (id, integration_id, run_id, integration_point_id, kind, code, message,
                                                item_count, create_time)
                VALUES (?1, ?2, ?3, ?4, ?5, 'transfer.records_rejected', 'Records were rejected by the target', 0, ?6)
                ON CONFLICT (run_id, integration_point_id) WHERE kind = 'RECORD_REJECTS' DO NOTHING""")
                .setParameter(1, UUID.randomUUID()).setParameter(2, integrationId).setParameter(3, runId)
                .setParameter(4, pointId).setParameter(5, REJECTS).setParameter(6, Timestamp.from(now))
                .executeUpdate();
        // Locked: concurrent batches of the same run and point add to item_count one after the other.
        ExceptionMessageEntity message = ExceptionMessageEntity
                .<ExceptionMessageEntity> find("runId = ?1 and integrationPointId = ?2 and kind = ?3", runId, pointId,
                        REJECTS)
                .withLock(LockModeType.PESSIMISTIC_WRITE)
                .singleResult();
        if (inserted == 1) {
            created.fire(new ExceptionMessageCreated(message.id, integrationId, pointId, runId, REJECTS, "TARGET",
                    message.code, message.message, message.createTime));
        }
        int claimed = em.createNativeQuery("""
                INSERT INTO recorded_reject_batches (batch_id, message_id, recorded, create_time)
                VALUES (?1, ?2, ?3, ?4) ON CONFLICT (batch_id) DO NOTHING""")
                .setParameter(1, batchId).setParameter(2, message.id).setParameter(3, records.size())
                .setParameter(4, Timestamp.from(now)).executeUpdate();
        if (claimed == 0) {
            return new Recorded(message, 0);
        }
        for (RejectedRecord record : records) {
            em.createNativeQuery("""
                    INSERT INTO exception_items (id, message_id, record_key, code, message, payload, create_time)
                    VALUES (?1, ?2, ?3, ?4, ?5, CAST(?6 AS jsonb), ?7)""")
                    .setParameter(1, UUID.randomUUID()).setParameter(2, message.id)
                    .setParameter(3, record.getRecordKey()).setParameter(4, record.getCode())
                    .setParameter(5, record.getMessage())
                    .setParameter(6, record.getPayloadJson().isEmpty() ? null : record.getPayloadJson())
                    .setParameter(7, Timestamp.from(now)).executeUpdate();
        }
        message.itemCount += records.size();
        LOG.infof("rejects recorded message_id=%s run_id=%s integration_point_id=%s count=%d", message.id, runId,
                pointId, records.size());
        return new Recorded(message, records.size());
    }

    public List<ExceptionMessageEntity> listMessages(String integrationId, String runId, PageRequest page) {
        StringBuilder query = new StringBuilder("1 = 1");
        io.quarkus.panache.common.Parameters params = new io.quarkus.panache.common.Parameters();
        if (!integrationId.isEmpty()) {
            query.append(" and integrationId = :integrationId");
            params.and("integrationId", integrationId);
        }
        if (!runId.isEmpty()) {
            query.append(" and runId = :runId");
            params.and("runId", runId);
        }
        return ExceptionMessageEntity
                .<ExceptionMessageEntity> find(query.toString(), Sort.descending("createTime").and("id"), params)
                .range(page.offset(), page.offset() + page.size() - 1).list();
    }

    @SuppressWarnings("unchecked")
    public List<Item> listItems(String messageId, PageRequest page) {
        UUID id = Ids.parse("message_id", messageId);
        if (ExceptionMessageEntity.findById(id) == null) {
            throw new CrmsyncException(ExceptionErrors.MESSAGE_NOT_FOUND, "exception message " + messageId + " not found");
        }
        List<Object[]> rows = em.createNativeQuery("""
                SELECT id, message_id, record_key, code, message, payload::text, create_time
                FROM exception_items WHERE message_id = ?1 ORDER BY seq OFFSET ?2 LIMIT ?3""")
                .setParameter(1, id).setParameter(2, page.offset()).setParameter(3, page.size())
                .getResultList();
        return rows.stream().map(r -> new Item((UUID) r[0], (UUID) r[1], (String) r[2], (String) r[3],
                (String) r[4], r[5] == null ? "" : (String) r[5], toInstant(r[6]))).toList();
    }

    private void validate(int index, RejectedRecord record) {
        String prefix = "records[" + index + "].";
        require(prefix + "code", record.getCode());
        require(prefix + "message", record.getMessage());
        if (!record.getPayloadJson().isEmpty()) {
            try {
                JsonNode node = json.readTree(record.getPayloadJson());
                if (!node.isObject()) {
                    throw CrmsyncException.invalidField(prefix + "payload_json", "must be a JSON object");
                }
            } catch (JsonProcessingException e) {
                throw CrmsyncException.invalidField(prefix + "payload_json", "is not valid JSON");
            }
        }
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw CrmsyncException.invalidField(field, "is required");
        }
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static String kindName(ExceptionKind kind) {
        return kind.name().substring("EXCEPTION_KIND_".length());
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof java.time.OffsetDateTime o) {
            return o.toInstant();
        }
        return ((Timestamp) value).toInstant();
    }
}
