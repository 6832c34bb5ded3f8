package io.crmsync.emulator.salesforce;

import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.JsonShape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A tiny real-HTTP client for the tests, plus access to the recorded fixtures outside the repository. */
final class Sf {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String V = "/services/data/v60.0";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    final CrmEmulator emulator;
    String token;

    Sf(CrmEmulator emulator) {
        this.emulator = emulator;
        Answer a = form("/services/oauth2/token",
                "grant_type=client_credentials&client_id=crmsync&client_secret=crmsync-secret");
        token = a.body().get("access_token").asText();
    }

    Answer form(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Answer get(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return send(auth(b).build());
    }

    Answer query(String soql, String... headers) {
        return get(V + "/query?q=" + URLEncoder.encode(soql, StandardCharsets.UTF_8), headers);
    }

    Answer patch(String path, String json) {
        return send(auth(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json))).build());
    }

    Answer delete(String path) {
        return send(auth(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path)).DELETE()).build());
    }

    private HttpRequest.Builder auth(HttpRequest.Builder b) {
        return b.header("Authorization", "Bearer " + token);
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

    /** A recorded response, read in place: the licences do not allow copying them into the repository. */
    static JsonNode fixture(String relative) {
        return io.crmsync.emulator.Fixtures.json(relative);
    }
}
