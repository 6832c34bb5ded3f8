package io.crmsync.worker.remote;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.GrpcErrors;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/** Runs a blocking gRPC call and turns its failure into a domain exception the retry policy understands. */
final class RemoteCalls {

    /** Every call to another service carries this deadline. */
    static final long DEADLINE_SECONDS = 10;
    static final TimeUnit DEADLINE_UNIT = TimeUnit.SECONDS;

    private RemoteCalls() {
    }

    static <T> T call(String peer, Supplier<T> call) {
        try {
            return call.get();
        } catch (StatusRuntimeException e) {
            throw translate(peer, e);
        }
    }

    static CrmsyncException translate(String peer, StatusRuntimeException e) {
        CrmsyncException failure = GrpcErrors.fromCall(peer, e);
        Status.Code code = e.getStatus().getCode();
        if (code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED
                || code == Status.Code.RESOURCE_EXHAUSTED) {
            return new RemoteUnavailableException(failure);
        }
        return failure;
    }

    static boolean hasReason(StatusRuntimeException failure, String reason) {
        return GrpcErrors.reasonOf(failure).filter(reason::equals).isPresent();
    }
}
