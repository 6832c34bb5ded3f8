package io.crmsync.emulator;

import java.io.IOException;

/**
 * One emulated CRM API mounted on the shared {@link CrmEmulator} server. Each API owns its store, its
 * authentication and its error shape; the host adds latency and injected faults to every request.
 */
public interface CrmApi {
    /** Whether this API answers the path (a raw request path such as {@code /crm/v3/objects/contacts}). */
    boolean serves(String path);

    /** Counts the request by endpoint kind, before anything can fail it, so refused and faulted calls count too. */
    void count(Request request);

    /** Answers one request. Runtime failures the API does not map itself become a 500 in {@link #fault}'s shape. */
    Reply handle(Request request) throws IOException;

    /** The answer for an injected or unexpected failure with this status, in this API's error shape. */
    Reply fault(int status, String message);
}
