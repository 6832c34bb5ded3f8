package io.crmsync.worker.connector;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import io.crmsync.worker.connector.ConnectorException.Reason;

/**
 * How a REST API's failed answer maps to the engine's error classes, for the CRM connectors: 429 (and 503 with a
 * Retry-After) wait as asked; other 5xx are transient; 401 is authentication; 400 and 404 say the task asks for
 * something the remote does not have (configuration); anything else is the remote refusing.
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    /**
     * @param retryAfter the answer's Retry-After header, or null
     * @param defaultWait the wait when a rate limit names none
     */
    public static ConnectorException of(int status, String retryAfter, String message, Duration defaultWait) {
        if (status == 429 || status == 503 && retryAfter != null) {
            return ConnectorException.rateLimited(message, retryAfter(retryAfter, defaultWait));
        }
        if (status >= 500) {
            return new ConnectorException(Reason.TRANSIENT, message);
        }
        if (status == 401) {
            return new ConnectorException(Reason.AUTHENTICATION, message);
        }
        if (status == 400 || status == 404) {
            return new ConnectorException(Reason.CONFIGURATION, message);
        }
        return new ConnectorException(Reason.REFUSED, message);
    }

    /** Retry-After as seconds or an HTTP date; {@code defaultWait} when it is neither. */
    public static Duration retryAfter(String value, Duration defaultWait) {
        if (value == null) {
            return defaultWait;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration wait = Duration.between(ZonedDateTime.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return defaultWait;
            }
        }
    }
}
