package io.crmsync.config.endpoint;

import io.crmsync.common.time.Timestamps;
import io.crmsync.proto.config.v1.CredentialStatus;
import io.crmsync.proto.config.v1.Endpoint;

/** Turns stored endpoints into their REST and proto forms. */
public final class EndpointMapper {

    private EndpointMapper() {
    }

    static EndpointResponse toResponse(EndpointEntity e) {
        return new EndpointResponse(e.id, e.name, e.type, e.settings, e.credentialStatus(),
                "ERROR".equals(e.credentialStatus()) ? e.credentialError : null, e.version, e.createTime, e.updateTime);
    }

    public static Endpoint toProto(EndpointEntity e) {
        return Endpoint.newBuilder()
                .setId(e.id.toString())
                .setName(e.name)
                .setType(e.type.toProto())
                .putAllSettings(e.settings)
                .setCredentialStatus(switch (e.credentialStatus()) {
                    case "CONNECTED" -> CredentialStatus.CREDENTIAL_STATUS_CONNECTED;
                    case "ERROR" -> CredentialStatus.CREDENTIAL_STATUS_ERROR;
                    default -> CredentialStatus.CREDENTIAL_STATUS_NOT_CONNECTED;
                })
                .setVersion(e.version)
                .setCreateTime(Timestamps.of(e.createTime))
                .setUpdateTime(Timestamps.of(e.updateTime))
                .build();
    }
}
