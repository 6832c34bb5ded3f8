package io.crmsync.config.exception;

import io.crmsync.config.run.RunResponse;

/** A retry started: the message (now RETRYING) and the retry run, which re-reads the items' records by key. */
public record RetryResponse(ExceptionMessageResponse message, RunResponse run) {
}
