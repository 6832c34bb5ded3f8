package io.crmsync.exception.notify;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.crmsync.proto.config.v1.ConfigServiceGrpc;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.NotificationType;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads an integration's name and notification recipients from config-service, with a deadline. */
@ApplicationScoped
class IntegrationDirectory {

    /** What notifications need of an integration. */
    record Audience(String integrationName, List<Recipient> recipients) {
    }

    /** config-service does not know the integration (deleted since): nobody is left to tell. */
    static final class IntegrationGone extends Exception {
        IntegrationGone(String message) {
            super(message, null, false, false);
        }
    }

    /** config-service could not answer now; the caller tries again later. */
    static final class Unreachable extends Exception {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    @GrpcClient("config")
    ConfigServiceGrpc.ConfigServiceBlockingStub config;

    private final NotificationSettings settings;

    IntegrationDirectory(NotificationSettings settings) {
        this.settings = settings;
    }

    Audience audience(String integrationId) throws IntegrationGone, Unreachable {
        Integration integration;
        try {
            integration = config.withDeadlineAfter(settings.configDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(integrationId).build())
                    .getIntegration();
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND) {
                throw new IntegrationGone("config-service: integration " + integrationId + " not found");
            }
            // Only the status code and config-service's own description: it never carries secrets.
            throw new Unreachable("config-service: " + code + (e.getStatus().getDescription() == null ? ""
                    : " " + Excerpts.shorten(e.getStatus().getDescription())));
        }
        List<Recipient> recipients = integration.getNotificationRecipientsList().stream()
                .filter(r -> (r.getType() == NotificationType.NOTIFICATION_TYPE_EMAIL
                        || r.getType() == NotificationType.NOTIFICATION_TYPE_WEBHOOK) && !r.getAddress().isBlank())
                .map(r -> new Recipient(r.getType() == NotificationType.NOTIFICATION_TYPE_EMAIL
                        ? Recipient.Channel.EMAIL : Recipient.Channel.WEBHOOK, r.getAddress().trim()))
                .distinct().toList();
        return new Audience(integration.getName(), recipients);
    }
}
