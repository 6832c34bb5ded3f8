package io.crmsync.exception.notify;

import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends notification e-mails over SMTP (quarkus-mailer; its mock mailbox in tests). */
@ApplicationScoped
class EmailSender {

    private final Mailer mailer;
    private final NotificationSettings settings;

    EmailSender(Mailer mailer, NotificationSettings settings) {
        this.mailer = mailer;
        this.settings = settings;
    }

    SendResult send(String address, String subject, String body) {
        try {
            mailer.send(Mail.withText(address, subject, body).setFrom(settings.email().from()));
            return SendResult.delivered();
        } catch (RuntimeException e) {
            // The mail server's reply names no secret; keep its first line only.
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : Excerpts.shorten(e.getMessage());
            return SendResult.retry("SMTP: " + cause);
        }
    }
}
