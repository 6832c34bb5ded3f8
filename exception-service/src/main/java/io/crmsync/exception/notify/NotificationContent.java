package io.crmsync.exception.notify;

import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.enterprise.context.ApplicationScoped;

/** Renders a {@link Notification} as an e-mail and as a webhook body. Only the notification's fields are used. */
@ApplicationScoped
class NotificationContent {

    private final ObjectMapper json;

    NotificationContent(ObjectMapper json) {
        this.json = json;
    }

    String subject(Notification n) {
        return oneLine("[crmsync] " + n.integrationName() + ": " + headline(n));
    }

    String emailBody(Notification n) {
        StringBuilder body = new StringBuilder();
        body.append(headline(n)).append(".\n\n");
        body.append("Integration: ").append(n.integrationName()).append(" (").append(n.integrationId()).append(")\n");
        body.append("What:        ").append(n.kind()).append(" on the ").append(n.side()).append(" side\n");
        body.append("Code:        ").append(n.code()).append('\n');
        body.append("Message:     ").append(n.message()).append('\n');
        if (n.runId() != null) {
            body.append("Run:         ").append(n.runId()).append('\n');
        }
        if (n.integrationPointId() != null) {
            body.append("Point:       ").append(n.integrationPointId()).append('\n');
        }
        if (n.itemCount() != null) {
            body.append("Items:       ").append(n.itemCount()).append(" rejected record(s) so far\n");
        }
        body.append("When:        ").append(DateTimeFormatter.ISO_INSTANT.format(n.createTime())).append("\n\n");
        if (n.type() == EventType.INTEGRATION_DISABLED) {
            body.append("The integration no longer runs. An operator must re-enable it once the cause is fixed:\n")
                    .append("  POST /api/v1/integrations/").append(n.integrationId()).append("/enable\n\n");
        }
        body.append("Look at it in the admin API:\n");
        body.append("  GET /api/v1/exceptions/").append(n.messageId()).append('\n');
        if (n.itemCount() != null) {
            body.append("  GET /api/v1/exceptions/").append(n.messageId()).append("/items\n");
        }
        if (n.runId() != null) {
            body.append("  GET /api/v1/runs/").append(n.runId()).append('\n');
        }
        body.append("\nEvent id: ").append(n.eventId()).append('\n');
        return body.toString();
    }

    /** The webhook's JSON body; {@code text} is a one-line, Slack-compatible summary. */
    String webhookBody(Notification n) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", n.messageId().toString());
        message.put("kind", n.kind());
        message.put("side", n.side());
        message.put("code", n.code());
        message.put("message", n.message());
        message.put("runId", n.runId());
        message.put("integrationPointId", n.integrationPointId());
        message.put("createTime", DateTimeFormatter.ISO_INSTANT.format(n.createTime()));
        if (n.itemCount() != null) {
            message.put("itemCount", n.itemCount());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", slackText(n));
        body.put("event", n.type().wireName());
        body.put("integration", Map.of("id", n.integrationId(), "name", n.integrationName()));
        body.put("message", message);
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification body not serializable", e);
        }
    }

    String slackText(Notification n) {
        // Slack reads &, < and > as markup; escaped, a name or message cannot turn into a link or a mention.
        String text = "[crmsync] " + n.integrationName() + ": " + headline(n) + " — " + n.code() + ": " + n.message();
        return oneLine(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String headline(Notification n) {
        return switch (n.kind()) {
            case "INTEGRATION_DISABLED" -> "integration disabled after repeated failures";
            case "RECORD_REJECTS" -> "records rejected by the " + n.side().toLowerCase(Locale.ROOT)
                    + (n.itemCount() == null ? "" : " (" + n.itemCount() + ")");
            case "CONFIGURATION" -> "configuration problem (" + n.code() + ")";
            case "RUN_FAILURE" -> "run failed (" + n.code() + ")";
            default -> n.kind().toLowerCase(Locale.ROOT).replace('_', ' ') + " (" + n.code() + ")";
        };
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}]+", " ").strip();
    }
}
