package io.crmsync.worker.transfer;

import io.crmsync.proto.exception.v1.ExceptionKind;
import io.crmsync.proto.exception.v1.ExceptionSide;
import io.crmsync.worker.connector.ConnectorException;
import io.crmsync.worker.connector.EndpointAccess;

/** Which end of a transfer an endpoint is; names codes and messages of its failures. */
enum EndpointRole {
    SOURCE("source", "transfer.source_read_failed", ExceptionSide.EXCEPTION_SIDE_SOURCE),
    TARGET("target", "transfer.target_write_failed", ExceptionSide.EXCEPTION_SIDE_TARGET);

    private final String label;
    private final String refusedCode;
    private final ExceptionSide side;

    EndpointRole(String label, String refusedCode, ExceptionSide side) {
        this.label = label;
        this.refusedCode = refusedCode;
        this.side = side;
    }

    /**
     * A connector failure on this end, as admins see it: the endpoint's name and what happened, on this end's side
     * (an endpoint's own settings it refuses count there too: the endpoint is what an admin must fix).
     */
    TransferFailure failure(ConnectorException e, EndpointAccess endpoint) {
        String message = label + " endpoint '" + endpoint.name() + "': " + e.getMessage();
        return switch (e.reason()) {
            case CONFIGURATION -> new TransferFailure(ExceptionKind.EXCEPTION_KIND_CONFIGURATION, side,
                    TransferFailure.CONFIGURATION_INVALID, message, e);
            case UNREACHABLE, TRANSIENT -> run("transfer." + label + "_unreachable", message, e);
            case AUTHENTICATION -> run("transfer." + label + "_authentication_failed", message, e);
            case REFUSED -> run(refusedCode, message, e);
        };
    }

    private TransferFailure run(String code, String message, ConnectorException e) {
        return new TransferFailure(ExceptionKind.EXCEPTION_KIND_RUN_FAILURE, side, code, message, e);
    }
}
