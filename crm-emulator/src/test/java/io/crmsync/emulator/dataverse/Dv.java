package io.crmsync.emulator.dataverse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** A tiny real-HTTP Web API client for the tests, plus the recorded .http fixtures' JSON bodies. */
final class Dv {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String V = "/api/data/v9.2";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    final CrmEmulator emulator;
    String token;

    Dv(CrmEmulator emulator) {
        this.emulator = emulator;
        token = token("crmsync-secret").body().get("access_token").asText();
    }

    Answer token(String secret) {
        return form("/" + emulator.dataverse().tenantId() + "/oauth2/v2.0/token", "grant_type=client_credentials"
                + "&client_id=crmsync&client_secret=" + secret + "&scope=" + emulator.baseUrl() + "/.default");
    }

    Answer form(String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(emulator.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** GET of a path below the host, or of an absolute link the API answered with. */
    Answer get(String pathOrUrl, String... headers) {
        return send(builder(pathOrUrl, headers).GET().build());
    }

    Answer patch(String path, String json, String... headers) {
        return send(builder(path, headers).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    Answer delete(String path) {
        return send(builder(path).DELETE().build());
    }

    Answer batch(String boundary, String body, String... headers) {
        return send(builder(V + "/$batch", headers).header("Content-Type", "multipart/mixed; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private HttpRequest.Builder builder(String pathOrUrl, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(pathOrUrl.startsWith("http") ? pathOrUrl
                : emulator.baseUrl() + pathOrUrl)).header("Authorization", "Bearer " + token)
                .header("OData-Version", "4.0").header("OData-MaxVersion", "4.0");
        if (headers.length > 0) {
            b.headers(headers);
        }
        return b;
    }

    private static Answer send(HttpRequest request) {
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            if (!r.body().isEmpty() && r.headers().firstValue("Content-Type").orElse("").contains("json")) {
                body = JSON.readTree(r.body());
            }
            return new Answer(r.statusCode(), body, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A recorded fixture's text, read in place (never copied into the repository). */
    static String fixtureText(String relative) {
        try {
            return Files.readString(Fixtures.dir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON documents of an .http excerpt (request and response bodies), in order. */
    static List<JsonNode> jsonBodies(String relative) {
        List<JsonNode> out = new ArrayList<>();
        String[] lines = fixtureText(relative).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].startsWith("{")) {
                continue;
            }
            StringBuilder doc = new StringBuilder();
            int depth = 0;
            for (; i < lines.length; i++) {
                doc.append(lines[i]).append('\n');
                for (char c : lines[i].toCharArray()) {
                    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                }
                if (depth == 0) {
                    break;
                }
            }
            try {
                out.add(JSON.readTree(doc.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** The status codes of a multipart batch answer's parts, in order. */
    static List<Integer> partStatuses(String multipart) {
        List<Integer> out = new ArrayList<>();
        for (String line : multipart.split("\r?\n")) {
            if (line.startsWith("HTTP/1.1 ")) {
                out.add(Integer.parseInt(line.substring(9, 12)));
            }
        }
        return out;
    }
}
