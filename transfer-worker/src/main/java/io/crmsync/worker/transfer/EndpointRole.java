package io.crmsync.worker.transfer;

import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;

/** Which end of a transfer an endpoint is; names codes and messages of its failures. */
enum EndpointRole {
    SOURCE("source", "transfer.source_read_failed"),
    TARGET("target", "transfer.target_write_failed");

    private final String label;
    private final String refusedCode;

    EndpointRole(String label, String refusedCode) {
        this.label = label;
        this.refusedCode = refusedCode;
    }

    /** A connector failure on this end, as admins see it: the endpoint's name and what happened. */
    TransferFailure failure(ConnectorException e, EndpointAccess endpoint) {
        String message = label + " endpoint '" + endpoint.name() + "': " + e.getMessage();
        return switch (e.reason()) {
            case CONFIGURATION -> new TransferFailure(ExceptionKind.EXCEPTION_KIND_CONFIGURATION,
                    TransferFailure.CONFIGURATION_INVALID, message, e);
            case UNREACHABLE, TRANSIENT -> TransferFailure.run("transfer." + label + "_unreachable", message, e);
            case AUTHENTICATION -> TransferFailure.run("transfer." + label + "_authentication_failed", message, e);
            case REFUSED -> TransferFailure.run(refusedCode, message, e);
        };
    }
}
