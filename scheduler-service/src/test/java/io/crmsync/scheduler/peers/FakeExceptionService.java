package io.crmsync.scheduler.peers;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.crmsync.proto.exception.v1.ExceptionMessage;
import io.crmsync.proto.exception.v1.MutinyExceptionServiceGrpc;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ReportFailureResponse;
import io.crmsync.proto.exception.v1.RunFinishedRequest;
import io.crmsync.proto.exception.v1.RunFinishedResponse;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/**
 * Stand-in for exception-service: records every ReportFailure and RunFinished; can be made unavailable, or made to
 * record a RunFinished and then lose the reply (the call fails although the report arrived). Other RPCs answer
 * UNIMPLEMENTED: the scheduler does not call them.
 */
@GrpcService
public class FakeExceptionService extends MutinyExceptionServiceGrpc.ExceptionServiceImplBase {

    public static final List<ReportFailureRequest> REPORTS = new CopyOnWriteArrayList<>();
    public static final List<RunFinishedRequest> RUNS_FINISHED = new CopyOnWriteArrayList<>();
    public static final AtomicBoolean DOWN = new AtomicBoolean();
    /** Runs whose next RunFinished is recorded but answered with an error, as when the reply is lost. */
    public static final Set<String> LOSE_RUN_FINISHED_REPLY = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<ReportFailureResponse> reportFailure(ReportFailureRequest request) {
        if (DOWN.get()) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
        }
        REPORTS.add(request);
        return Uni.createFrom().item(ReportFailureResponse.newBuilder()
                .setMessage(ExceptionMessage.newBuilder().setId("m-" + REPORTS.size())).build());
    }

    @Override
    public Uni<RunFinishedResponse> runFinished(RunFinishedRequest request) {
        if (DOWN.get()) {
            return Uni.createFrom().failure(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
        }
        RUNS_FINISHED.add(request);
        if (LOSE_RUN_FINISHED_REPLY.remove(request.getRunId())) {
            return Uni.createFrom().failure(Status.INTERNAL.withDescription("reply lost").asRuntimeException());
        }
        return Uni.createFrom().item(RunFinishedResponse.getDefaultInstance());
    }
}
