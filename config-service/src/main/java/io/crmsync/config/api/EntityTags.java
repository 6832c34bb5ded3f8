package io.crmsync.config.api;

import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

/** Sends {@code ETag: "<version>"} with every successful answer carrying one versioned resource. */
public class EntityTags {

    @ServerResponseFilter
    public void addEntityTag(ContainerResponseContext response) {
        if (response.getStatus() < 300 && response.getEntity() instanceof Versioned versioned) {
            response.getHeaders().putSingle(HttpHeaders.ETAG, IfMatch.tagOf(versioned.version()));
        }
    }
}
