package io.crmsync.config.exception;

/** The message after an ignore or reopen, and how many of its items changed state. */
public record StateChangeResponse(ExceptionMessageResponse message, int changedItems) {
}
