package io.crmsync.exception.grpc;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.crmsync.common.error.GrpcCalls;
import io.crmsync.common.paging.PageRequest;
import io.crmsync.exception.item.ItemResolver;
import io.crmsync.exception.item.ItemRow;
import io.crmsync.exception.item.ItemStates;
import io.crmsync.exception.item.Items;
import io.crmsync.exception.item.RejectRecorder;
import io.crmsync.exception.message.FailureReporter;
import io.crmsync.exception.message.MessageQuery;
import io.crmsync.exception.message.MessageRow;
import io.crmsync.exception.message.Messages;
import io.crmsync.exception.retry.RetryPlanner;
import io.crmsync.exception.retry.RunOutcomes;
import io.crmsync.proto.exception.v1.ExceptionService;
import io.crmsync.proto.exception.v1.GetExceptionItemRequest;
import io.crmsync.proto.exception.v1.GetExceptionItemResponse;
import io.crmsync.proto.exception.v1.GetExceptionMessageRequest;
import io.crmsync.proto.exception.v1.GetExceptionMessageResponse;
import io.crmsync.proto.exception.v1.ListExceptionItemsRequest;
import io.crmsync.proto.exception.v1.ListExceptionItemsResponse;
import io.crmsync.proto.exception.v1.ListExceptionMessagesRequest;
import io.crmsync.proto.exception.v1.ListExceptionMessagesResponse;
import io.crmsync.proto.exception.v1.ListOpenItemKeysRequest;
import io.crmsync.proto.exception.v1.ListOpenItemKeysResponse;
import io.crmsync.proto.exception.v1.MarkRetryingRequest;
import io.crmsync.proto.exception.v1.MarkRetryingResponse;
import io.crmsync.proto.exception.v1.PrepareRetryRequest;
import io.crmsync.proto.exception.v1.PrepareRetryResponse;
import io.crmsync.proto.exception.v1.RecordRejectsRequest;
import io.crmsync.proto.exception.v1.RecordRejectsResponse;
import io.crmsync.proto.exception.v1.ReportFailureRequest;
import io.crmsync.proto.exception.v1.ReportFailureResponse;
import io.crmsync.proto.exception.v1.ResolveItemsRequest;
import io.crmsync.proto.exception.v1.ResolveItemsResponse;
import io.crmsync.proto.exception.v1.RunFinishedRequest;
import io.crmsync.proto.exception.v1.RunFinishedResponse;
import io.crmsync.proto.exception.v1.SetExceptionStateRequest;
import io.crmsync.proto.exception.v1.SetExceptionStateResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;

/** gRPC adapter of exception-service: maps requests to the feature classes and their results back. */
@GrpcService
public class ExceptionGrpcService implements ExceptionService {

    private final FailureReporter failures;
    private final RejectRecorder rejects;
    private final ItemResolver resolver;
    private final ItemStates itemStates;
    private final Messages messages;
    private final MessageQuery messageQuery;
    private final Items items;
    private final RetryPlanner retries;
    private final RunOutcomes runs;
    private final ExceptionMapper mapper;
    private final Clock clock;

    ExceptionGrpcService(FailureReporter failures, RejectRecorder rejects, ItemResolver resolver,
            ItemStates itemStates, Messages messages, MessageQuery messageQuery, Items items, RetryPlanner retries,
            RunOutcomes runs, ExceptionMapper mapper, Clock clock) {
        this.failures = failures;
        this.rejects = rejects;
        this.resolver = resolver;
        this.itemStates = itemStates;
        this.messages = messages;
        this.messageQuery = messageQuery;
        this.items = items;
        this.retries = retries;
        this.runs = runs;
        this.mapper = mapper;
        this.clock = clock;
    }

    @Override
    @Blocking
    public Uni<ReportFailureResponse> reportFailure(ReportFailureRequest r) {
        return GrpcCalls.respond(() -> {
            FailureReporter.Reported reported = failures.report(new FailureReporter.Failure(r.getIntegrationId(),
                    r.getRunId(), r.getIntegrationPointId(), r.getKind(), r.getCode(), r.getMessage(), r.getSide()));
            return ReportFailureResponse.newBuilder().setMessage(mapper.message(reported.message()))
                    .setCreated(reported.created()).build();
        });
    }

    @Override
    @Blocking
    public Uni<RecordRejectsResponse> recordRejects(RecordRejectsRequest request) {
        return GrpcCalls.respond(() -> {
            RejectRecorder.Recorded recorded = rejects.record(request);
            return RecordRejectsResponse.newBuilder().setMessage(mapper.message(recorded.message()))
                    .setRecorded(recorded.recorded()).setCreated(recorded.created()).build();
        });
    }

    @Override
    @Blocking
    public Uni<ResolveItemsResponse> resolveItems(ResolveItemsRequest r) {
        return GrpcCalls.respond(() -> ResolveItemsResponse.newBuilder()
                .setResolved(resolver.resolve(r.getIntegrationPointId(), r.getRunId(), r.getRecordKeysList()))
                .build());
    }

    @Override
    @Blocking
    public Uni<ListOpenItemKeysResponse> listOpenItemKeys(ListOpenItemKeysRequest r) {
        return GrpcCalls.respond(() -> {
            ItemResolver.KeyPage page = resolver.openKeys(r.getIntegrationPointId(), r.getPageToken(),
                    r.getPageSize());
            return ListOpenItemKeysResponse.newBuilder().addAllRecordKeys(page.keys())
                    .setNextPageToken(page.nextPageToken()).build();
        });
    }

    @Override
    @Blocking
    public Uni<RunFinishedResponse> runFinished(RunFinishedRequest request) {
        return GrpcCalls.respond(() -> {
            RunOutcomes.Outcome outcome = runs.runFinished(request);
            return RunFinishedResponse.newBuilder().setResolvedMessages(outcome.resolved())
                    .setReopenedMessages(outcome.reopened()).build();
        });
    }

    @Override
    @Blocking
    public Uni<GetExceptionMessageResponse> getExceptionMessage(GetExceptionMessageRequest r) {
        return GrpcCalls.respond(() -> GetExceptionMessageResponse.newBuilder()
                .setMessage(mapper.message(messages.get("message_id", r.getMessageId()))).build());
    }

    @Override
    @Blocking
    public Uni<ListExceptionMessagesResponse> listExceptionMessages(ListExceptionMessagesRequest request) {
        return GrpcCalls.respond(() -> {
            PageRequest page = PageRequest.of(request.getPageToken(), request.getPageSize(), 50, 500);
            List<MessageRow> rows = messageQuery.list(request, page);
            return ListExceptionMessagesResponse.newBuilder()
                    .addAllMessages(rows.stream().map(mapper::message).toList())
                    .setNextPageToken(page.nextToken(rows.size())).build();
        });
    }

    @Override
    @Blocking
    public Uni<GetExceptionItemResponse> getExceptionItem(GetExceptionItemRequest r) {
        return GrpcCalls.respond(() -> GetExceptionItemResponse.newBuilder()
                .setItem(mapper.item(items.get(r.getItemId()), clock.instant())).build());
    }

    @Override
    @Blocking
    public Uni<ListExceptionItemsResponse> listExceptionItems(ListExceptionItemsRequest request) {
        return GrpcCalls.respond(() -> {
            PageRequest page = PageRequest.of(request.getPageToken(), request.getPageSize(), 100, 1000);
            List<ItemRow> rows = items.list(request, page);
            Instant now = clock.instant();
            return ListExceptionItemsResponse.newBuilder()
                    .addAllItems(rows.stream().map(i -> mapper.item(i, now)).toList())
                    .setNextPageToken(page.nextToken(rows.size())).build();
        });
    }

    @Override
    @Blocking
    public Uni<SetExceptionStateResponse> setExceptionState(SetExceptionStateRequest r) {
        return GrpcCalls.respond(() -> {
            ItemStates.Changed changed = itemStates.set(r.getMessageId(), r.getItemIdsList(), r.getState());
            return SetExceptionStateResponse.newBuilder().setMessage(mapper.message(changed.message()))
                    .setChangedItems(changed.changedItems()).build();
        });
    }

    @Override
    @Blocking
    public Uni<PrepareRetryResponse> prepareRetry(PrepareRetryRequest r) {
        return GrpcCalls.respond(() -> {
            RetryPlanner.Plan plan = retries.prepare(r.getMessageId(), r.getItemIdsList());
            return PrepareRetryResponse.newBuilder().setMessage(mapper.message(plan.message()))
                    .addAllPoints(mapper.points(plan.points())).build();
        });
    }

    @Override
    @Blocking
    public Uni<MarkRetryingResponse> markRetrying(MarkRetryingRequest r) {
        return GrpcCalls.respond(() -> MarkRetryingResponse.newBuilder()
                .setMessage(mapper.message(retries.markRetrying(r.getMessageId(), r.getItemIdsList(), r.getRunId())))
                .build());
    }
}
