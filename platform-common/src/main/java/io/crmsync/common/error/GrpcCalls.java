package io.crmsync.common.error;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/** The one way gRPC adapters answer: run the (blocking) body, map any failure to a status with its reason. */
public final class GrpcCalls {

    private GrpcCalls() {
    }

    public static <T> Uni<T> respond(Supplier<T> body) {
        return Uni.createFrom().item(body).onFailure().transform(GrpcErrors::toStatus);
    }
}
