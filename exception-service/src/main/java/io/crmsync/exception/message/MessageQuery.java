package io.crmsync.exception.message;

import java.util.ArrayList;
import java.util.List;

import io.crmsync.common.paging.PageRequest;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Lists exception messages by the request's filters, most recently seen first. */
@ApplicationScoped
public class MessageQuery {

    private final Jdbc jdbc;

    MessageQuery(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<MessageRow> list(ListExceptionMessagesRequest request, PageRequest page) {
        StringBuilder sql = new StringBuilder("SELECT " + MessageRow.COLUMNS + " FROM exception_messages WHERE true");
        List<Object> params = new ArrayList<>();
        filter(sql, params, "integration_id = ?", request.getIntegrationId());
        filter(sql, params, "run_id = ?", request.getRunId());
        filter(sql, params, "code = ?", request.getCode());
        filter(sql, params, "integration_point_id = ?", request.getIntegrationPointId());
        if (request.getStatesCount() > 0) {
            sql.append(" AND state = ANY(?)");
            params.add(Jdbc.texts(Validation.states("states", request.getStatesList())));
        }
        if (request.getKind() == ExceptionKind.UNRECOGNIZED) {
            throw io.crmsync.common.error.CrmsyncException.invalidField("kind", "must be a known kind");
        }
        if (request.getKind() != ExceptionKind.EXCEPTION_KIND_UNSPECIFIED) {
            sql.append(" AND kind = ?");
            params.add(Names.of(request.getKind()));
        }
        if (request.hasSeenAfter()) {
            sql.append(" AND last_seen_time >= ?");
            params.add(Validation.timestamp("seen_after", request.getSeenAfter()));
        }
        if (request.hasSeenBefore()) {
            sql.append(" AND last_seen_time < ?");
            params.add(Validation.timestamp("seen_before", request.getSeenBefore()));
        }
        sql.append(" ORDER BY last_seen_time DESC, id OFFSET ? LIMIT ?");
        params.add(page.offset());
        params.add(page.size());
        return jdbc.list(sql.toString(), MessageRow::read, params.toArray());
    }

    private static void filter(StringBuilder sql, List<Object> params, String condition, String value) {
        if (!value.isEmpty()) {
            sql.append(" AND ").append(condition);
            params.add(value);
        }
    }
}
