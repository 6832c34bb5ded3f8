package io.crmsync.exception.item;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.id.Ids;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.exception.db.Jdbc;
import io.crmsync.exception.message.ExceptionErrors;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.message.Validation;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads exception items. */
@ApplicationScoped
public class Items {

    private final Jdbc jdbc;
    private final Messages messages;

    Items(Jdbc jdbc, Messages messages) {
        this.jdbc = jdbc;
        this.messages = messages;
    }

    public ItemRow get(String itemId) {
        UUID id = Ids.parse("item_id", itemId);
        return jdbc.one("SELECT " + ItemRow.COLUMNS + " FROM exception_items i WHERE i.id = ?", ItemRow::read, id)
                .orElseThrow(() -> new CrmsyncException(ExceptionErrors.ITEM_NOT_FOUND,
                        "exception item " + itemId + " not found"));
    }

    /** Items of a message, and/or of an integration, and/or rejected by a run, with the request's filters. */
    public List<ItemRow> list(ListExceptionItemsRequest request, PageRequest page) {
        if (request.getMessageId().isEmpty() && request.getIntegrationId().isEmpty() && request.getRunId().isEmpty()) {
            throw CrmsyncException.invalidField("message_id",
                    "one of message_id, integration_id and run_id is required");
        }
        StringBuilder sql = new StringBuilder("SELECT " + ItemRow.COLUMNS + " FROM exception_items i");
        List<Object> params = new ArrayList<>();
        if (!request.getRunId().isEmpty()) {
            sql.append(" JOIN exception_item_runs r ON r.item_id = i.id AND r.run_id = ?");
            params.add(request.getRunId());
        }
        sql.append(" WHERE true");
        if (!request.getMessageId().isEmpty()) {
            UUID messageId = messages.get("message_id", request.getMessageId()).id();
            sql.append(" AND i.message_id = ?");
            params.add(messageId);
        }
        if (!request.getIntegrationId().isEmpty()) {
            sql.append(" AND i.integration_id = ?");
            params.add(request.getIntegrationId());
        }
        if (request.getStatesCount() > 0) {
            sql.append(" AND i.state = ANY(?)");
            params.add(Jdbc.texts(Validation.states("states", request.getStatesList())));
        }
        if (!request.getCode().isEmpty()) {
            sql.append(" AND i.code = ?");
            params.add(request.getCode());
        }
        if (!request.getIntegrationPointId().isEmpty()) {
            sql.append(" AND i.integration_point_id = ?");
            params.add(request.getIntegrationPointId());
        }
        sql.append(" ORDER BY i.seq OFFSET ? LIMIT ?");
        params.add(page.offset());
        params.add(page.size());
        return jdbc.list(sql.toString(), ItemRow::read, params.toArray());
    }

    /** The items of {@code messageId} among {@code ids}, locked; an id of another message is refused by name. */
    public List<ItemRow> lockOfMessage(UUID messageId, List<String> itemIds) {
        List<UUID> ids = Validation.ids("item_ids", itemIds);
        List<ItemRow> rows = jdbc.list("SELECT " + ItemRow.COLUMNS + " FROM exception_items i"
                + " WHERE i.id = ANY(?) AND i.message_id = ? ORDER BY i.seq FOR UPDATE", ItemRow::read,
                Jdbc.uuids(ids), messageId);
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            if (rows.stream().noneMatch(r -> r.id().equals(id))) {
                throw CrmsyncException.invalidField("item_ids[" + i + "]",
                        "item " + id + " is not an item of message " + messageId);
            }
        }
        return rows;
    }
}
