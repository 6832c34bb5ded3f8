/**
 * Notifications of exception messages: an outbox event per created message ({@code NotificationOutbox}), a
 * delivery loop safe on several replicas ({@code NotificationDispatcher}, {@code NotificationStore}), recipients
 * from config-service ({@code IntegrationDirectory}), e-mail and HMAC-signed, SSRF-checked webhooks. See the
 * module README, section Notifications.
 */
package io.crmsync.exception.notify;
