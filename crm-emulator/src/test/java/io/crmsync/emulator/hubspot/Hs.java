package io.crmsync.emulator.hubspot;

import io.crmsync.emulator.CrmEmulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** A tiny real-HTTP client for the HubSpot tests; calls carry the portal's private-app token unless told. */
final class Hs {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CONTACTS = "/crm/v3/objects/contacts";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    final CrmEmulator emulator;
    String token;

    Hs(CrmEmulator emulator) {
        this.emulator = emulator;
        this.token = emulator.hubspot().privateAppToken();
    }

    Answer get(String path) {
        return send(auth(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).GET()).build());
    }

    Answer post(String path, String json) {
        return send(auth(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json))).build());
    }

    Answer form(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** An OAuth access token from the refresh grant. */
    String oauthToken() {
        Answer a = form("/oauth/v1/token", "grant_type=refresh_token&client_id=crmsync-client"
                + "&client_secret=crmsync-secret&refresh_token=" + emulator.hubspot().refreshToken());
        return a.body().get("access_token").asText();
    }

    private HttpRequest.Builder auth(HttpRequest.Builder b) {
        return token == null ? b : b.header("Authorization", "Bearer " + token);
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            return new Answer(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A search body: one group of filters given as {propertyName, operator, value} triples, sorted, paged. */
    static String search(String sortProperty, int limit, String after, String... filters) {
        StringBuilder f = new StringBuilder();
        for (int i = 0; i < filters.length; i += 3) {
            f.append(i == 0 ? "" : ",").append("{\"propertyName\":\"").append(filters[i]).append("\",\"operator\":\"")
                    .append(filters[i + 1]).append("\",\"value\":\"").append(filters[i + 2]).append("\"}");
        }
        return "{\"filterGroups\":[" + (filters.length == 0 ? "" : "{\"filters\":[" + f + "]}") + "],"
                + "\"sorts\":[{\"propertyName\":\"" + sortProperty + "\",\"direction\":\"ASCENDING\"}],"
                + "\"properties\":[\"email\",\"lastmodifieddate\"],\"limit\":" + limit
                + (after == null ? "" : ",\"after\":\"" + after + "\"") + "}";
    }
}
