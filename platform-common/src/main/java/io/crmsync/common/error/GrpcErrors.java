package io.crmsync.common.error;

import java.util.Optional;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import org.jboss.logging.Logger;

/**
 * Converts between {@link CrmsyncException} and gRPC statuses carrying a {@code google.rpc.ErrorInfo}
 * with the stable reason, so a reason survives a hop between services.
 */
public final class GrpcErrors {

    public static final String DOMAIN = "crmsync.io";
    private static final Logger LOG = Logger.getLogger(GrpcErrors.class);

    private GrpcErrors() {
    }

    /** For server adapters: a domain failure keeps its code; anything else becomes a bare INTERNAL. */
    public static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof CrmsyncException e) {
            return toStatus(e.code(), e.getMessage());
        }
        LOG.error("unexpected failure in gRPC call", failure);
        return toStatus(ErrorCode.INTERNAL, "internal error");
    }

    public static StatusRuntimeException toStatus(ErrorCode code, String message) {
        ErrorInfo info = ErrorInfo.newBuilder().setReason(code.reason()).setDomain(DOMAIN).build();
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(code.grpcCode().value())
                .setMessage(message == null ? "" : message)
                .addDetails(Any.pack(info))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }

    /** The ErrorInfo reason carried by a failed call, if the peer set one. */
    public static Optional<String> reasonOf(Throwable failure) {
        com.google.rpc.Status status = StatusProto.fromThrowable(failure);
        if (status == null) {
            return Optional.empty();
        }
        for (Any detail : status.getDetailsList()) {
            if (detail.is(ErrorInfo.class)) {
                try {
                    return Optional.of(detail.unpack(ErrorInfo.class).getReason());
                } catch (InvalidProtocolBufferException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    /**
     * For clients: turns a failed call to another service into a CrmsyncException. The peer's code and
     * message are kept when it sent a reason; a peer that is down becomes {@link ErrorCode#UNAVAILABLE}.
     */
    public static CrmsyncException fromCall(String peer, StatusRuntimeException failure) {
        Status status = failure.getStatus();
        Optional<String> reason = reasonOf(failure);
        if (reason.isPresent()) {
            int http = switch (status.getCode()) {
                case NOT_FOUND -> 404;
                case INVALID_ARGUMENT -> 400;
                case ALREADY_EXISTS, FAILED_PRECONDITION, ABORTED -> 409;
                case UNAVAILABLE, DEADLINE_EXCEEDED -> 503;
                default -> 500;
            };
            return new CrmsyncException(new ErrorCode(reason.get(), status.getCode(), http),
                    status.getDescription(), null, failure);
        }
        return switch (status.getCode()) {
            case UNAVAILABLE, DEADLINE_EXCEEDED -> new CrmsyncException(ErrorCode.UNAVAILABLE,
                    peer + " is not reachable (" + status.getCode() + ")", null, failure);
            default -> new CrmsyncException(ErrorCode.INTERNAL, peer + " failed (" + status.getCode() + ")", null,
                    failure);
        };
    }
}
