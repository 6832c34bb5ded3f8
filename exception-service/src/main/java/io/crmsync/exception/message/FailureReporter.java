package io.crmsync.exception.message;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import org.jboss.logging.Logger;

/** Records run and configuration failures, counting a problem seen again on its unresolved message. */
@ApplicationScoped
public class FailureReporter {

    private static final Logger LOG = Logger.getLogger(FailureReporter.class);

    /** The message the report created or counted on. */
    public record Reported(MessageRow message, boolean created) {
    }

    /** What was reported. */
    public record Failure(String integrationId, String runId, String integrationPointId, ExceptionKind kind,
            String code, String message, ExceptionSide side) {
    }

    private final Jdbc jdbc;
    private final Messages messages;
    private final Clock clock;
    private final Event<ExceptionMessageCreated> created;

    FailureReporter(Jdbc jdbc, Messages messages, Clock clock, Event<ExceptionMessageCreated> created) {
        this.jdbc = jdbc;
        this.messages = messages;
        this.clock = clock;
        this.created = created;
    }

    @Transactional
    public Reported report(Failure f) {
        Validation.requireId("integration_id", f.integrationId());
        Validation.require("code", f.code());
        Validation.require("message", f.message());
        Validation.maxLength("code", f.code(), Validation.MAX_CODE_LENGTH);
        f = new Failure(Validation.clean(f.integrationId()), Validation.clean(f.runId()),
                Validation.clean(f.integrationPointId()), f.kind(), Validation.clean(f.code()),
                Validation.messageText(f.message()), f.side());
        if (f.kind() != ExceptionKind.EXCEPTION_KIND_RUN_FAILURE && f.kind() != ExceptionKind.EXCEPTION_KIND_CONFIGURATION
                && f.kind() != ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED) {
            throw CrmsyncException.invalidField("kind", "must be RUN_FAILURE, CONFIGURATION or INTEGRATION_DISABLED");
        }
        Instant now = clock.instant();
        String kind = Names.of(f.kind());
        String side = Names.of(f.side(), "PLATFORM");
        Reported reported;
        if (f.kind() == ExceptionKind.EXCEPTION_KIND_INTEGRATION_DISABLED) {
            // One message per disabling, however often the scheduler retries its report.
            Validation.requireId("run_id", f.runId());
            reported = insertOnce(f, kind, side, now);
        } else {
            reported = insertOrCount(f, kind, side, now);
        }
        if (reported.created()) {
            MessageRow m = reported.message();
            created.fire(new ExceptionMessageCreated(m.id(), m.integrationId(), m.integrationPointId(), m.runId(),
                    m.kind(), m.side(), m.code(), m.message(), m.createTime()));
            LOG.infof("exception message created message_id=%s integration_id=%s run_id=%s kind=%s code=%s", m.id(),
                    m.integrationId(), m.runId(), kind, m.code());
        }
        return reported;
    }

    private Reported insertOrCount(Failure f, String kind, String side, Instant now) {
        // Concurrent reports of one problem meet on the partial unique index: one inserts, the others count.
        UUID candidate = UUID.randomUUID();
        UUID id = jdbc.one("""
                INSERT INTO exception_messages AS m (id, integration_id, run_id, integration_point_id, kind, side,
                    state, code, message, item_count, create_time, state_time, last_seen_time, occurrence_count)
                VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, 0, ?, ?, ?, 1)
                ON CONFLICT (integration_id, (coalesce(integration_point_id, '')), kind, code)
                    WHERE kind IN ('RUN_FAILURE', 'CONFIGURATION') AND state <> 'RESOLVED'
                DO UPDATE SET occurrence_count = m.occurrence_count + 1, last_seen_time = excluded.last_seen_time,
                    run_id = excluded.run_id, message = excluded.message, side = excluded.side
                RETURNING id""", rs -> Jdbc.uuid(rs, "id"), candidate, f.integrationId(),
                Validation.emptyToNull(f.runId()), Validation.emptyToNull(f.integrationPointId()), kind, side,
                f.code(), f.message(), now, now, now).orElseThrow();
        return new Reported(messages.find(id).orElseThrow(), id.equals(candidate));
    }

    private Reported insertOnce(Failure f, String kind, String side, Instant now) {
        UUID candidate = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO exception_messages (id, integration_id, run_id, integration_point_id, kind, side, state,
                    code, message, item_count, create_time, state_time, last_seen_time, occurrence_count)
                VALUES (?, ?, ?, ?, ?, ?, 'OPEN', ?, ?, 0, ?, ?, ?, 1)
                ON CONFLICT (integration_id, run_id) WHERE kind = 'INTEGRATION_DISABLED' DO NOTHING""", candidate,
                f.integrationId(), f.runId(), Validation.emptyToNull(f.integrationPointId()), kind, side, f.code(),
                f.message(), now, now, now);
        MessageRow row = jdbc.one("SELECT " + MessageRow.COLUMNS + " FROM exception_messages"
                + " WHERE integration_id = ? AND run_id = ? AND kind = 'INTEGRATION_DISABLED'", MessageRow::read,
                f.integrationId(), f.runId()).orElseThrow();
        return new Reported(row, row.id().equals(candidate));
    }
}
