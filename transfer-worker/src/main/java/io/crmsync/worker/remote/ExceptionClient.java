package io.crmsync.worker.remote;

import org.eclipse.microprofile.faulttolerance.Retry;

import io.crmsync.proto.exception.v1.ExceptionServiceGrpc.ExceptionServiceBlockingStub;
import io.crmsync.proto.exception.v1.ListOpenItemKeysRequest;
import io.crmsync.proto.exception.v1.ListOpenItemKeysResponse;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Calls exception-service: task failures, rejected records, and the resolution of items written later. */
@ApplicationScoped
public class ExceptionClient {

    static final String PEER = "exception-service";

    @GrpcClient("exceptions")
    ExceptionServiceBlockingStub exceptions;

    /** Retried safely: exception-service records a batch id once. */
    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public void recordRejects(RecordRejectsRequest request) {
        RemoteCalls.call(PEER, () -> stub().recordRejects(request));
    }

    /** Retried: a failure reported twice is better than one lost. */
    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public void reportFailure(ReportFailureRequest request) {
        RemoteCalls.call(PEER, () -> stub().reportFailure(request));
    }

    /** Retried safely: resolving an item already resolved changes nothing. */
    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public void resolveItems(ResolveItemsRequest request) {
        RemoteCalls.call(PEER, () -> stub().resolveItems(request));
    }

    /** One page of a point's open item keys; a read, retried. */
    @Retry(maxRetries = 4, delay = 300, jitter = 150, maxDuration = 90_000,
            retryOn = RemoteUnavailableException.class)
    public ListOpenItemKeysResponse openItemKeys(ListOpenItemKeysRequest request) {
        return RemoteCalls.call(PEER, () -> stub().listOpenItemKeys(request));
    }

    private ExceptionServiceBlockingStub stub() {
        return exceptions.withDeadlineAfter(RemoteCalls.DEADLINE_SECONDS, RemoteCalls.DEADLINE_UNIT);
    }
}
