package io.crmsync.emulator.dataverse;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import io.crmsync.emulator.Reply;
import io.crmsync.emulator.Request;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST $batch}: a multipart/mixed body of requests and change sets, at most {@value #MAX_REQUESTS}
 * requests. Requests run in order; a change set is atomic (rolled back on its first failure and answered by that
 * failure). Without {@code Prefer: odata.continue-on-error} the batch stops at the first failure and answers 400
 * with the parts so far; with it, the batch answers 200 and every part carries its own status.
 */
final class Batch {

    static final int MAX_REQUESTS = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    /** One parsed request of the body. */
    private record Part(String method, String url, Headers headers, byte[] body, String contentId) {
    }

    /** A top-level request, or the requests of one change set. */
    private record Item(List<Part> parts, boolean changeSet) {
    }

    /** Runs one inner request; the change-set undo log receives what each write changed. */
    interface Executor {
        Reply execute(Request request, List<Map.Entry<String, Map<String, Object>>> undo);

        void rollback(List<Map.Entry<String, Map<String, Object>>> undo);
    }

    private Batch() {
    }

    static Reply run(Request request, String servicePath, Executor executor) {
        String contentType = request.header("Content-Type");
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (m == null || !contentType.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/mixed") || !m.find()) {
            throw DvException.badRequest("The content type of a $batch request must be multipart/mixed with a "
                    + "boundary.");
        }
        List<Item> items = new ArrayList<>();
        int count = 0;
        for (String[] part : split(request.text(), m.group(1))) {
            String ct = header(part[0], "Content-Type");
            Matcher inner = ct == null ? null : BOUNDARY.matcher(ct);
            if (ct != null && ct.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/mixed") && inner.find()) {
                List<Part> changeSet = new ArrayList<>();
                for (String[] sub : split(part[1], inner.group(1))) {
                    changeSet.add(parse(sub, servicePath));
                }
                count += changeSet.size();
                items.add(new Item(changeSet, true));
            } else {
                items.add(new Item(List.of(parse(part, servicePath)), false));
                count++;
            }
        }
        if (count > MAX_REQUESTS) {
            throw DvException.badRequest("The number of requests in a batch exceeds the limit of " + MAX_REQUESTS
                    + ".");
        }
        boolean continueOnError = Prefer.of(request).continueOnError();
        String boundary = "batchresponse_" + UUID.randomUUID();
        StringBuilder out = new StringBuilder();
        boolean failed = false;
        for (int i = 0; i < items.size() && !failed; i++) {
            List<Part> item = items.get(i).parts();
            boolean changeSet = items.get(i).changeSet();
            List<Map.Entry<String, Map<String, Object>>> undo = new ArrayList<>();
            List<Reply> replies = new ArrayList<>();
            Reply failure = null;
            for (Part p : item) {
                Reply r = executor.execute(new Request(p.method(), pathOf(p.url()), queryOf(p.url()), p.headers(),
                        p.body()), undo);
                if (r.status() >= 400) {
                    failure = r;
                    break;
                }
                replies.add(r);
            }
            if (failure != null) {
                if (changeSet) {
                    executor.rollback(undo);
                }
                failed = !continueOnError;
                appendPart(out, boundary, failure, null);
            } else if (changeSet) {
                String cs = "changesetresponse_" + UUID.randomUUID();
                StringBuilder nested = new StringBuilder();
                for (int j = 0; j < replies.size(); j++) {
                    appendPart(nested, cs, replies.get(j), item.get(j).contentId());
                }
                nested.append("--").append(cs).append("--\r\n");
                out.append("--").append(boundary).append("\r\nContent-Type: multipart/mixed; boundary=").append(cs)
                        .append("\r\n\r\n").append(nested);
            } else {
                appendPart(out, boundary, replies.get(0), null);
            }
        }
        out.append("--").append(boundary).append("--\r\n");
        return new Reply(failed ? 400 : 200, new java.util.LinkedHashMap<>(Map.of("OData-Version", "4.0",
                "Content-Type", "multipart/mixed; boundary=" + boundary)), out.toString());
    }

    private static void appendPart(StringBuilder out, String boundary, Reply r, String contentId) {
        out.append("--").append(boundary).append("\r\nContent-Type: application/http\r\n"
                + "Content-Transfer-Encoding: binary\r\n");
        if (contentId != null) {
            out.append("Content-ID: ").append(contentId).append("\r\n");
        }
        out.append("\r\nHTTP/1.1 ").append(r.status()).append(' ').append(reason(r.status())).append("\r\n");
        r.headers().forEach((k, v) -> out.append(k).append(": ").append(v).append("\r\n"));
        if (r.body() != null) {
            try {
                out.append("Content-Type: application/json; odata.metadata=minimal\r\n\r\n")
                        .append(JSON.writeValueAsString(r.body())).append("\r\n");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.append("\r\n\r\n");
        }
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 201 -> "Created";
            case 204 -> "No Content";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 412 -> "Precondition Failed";
            case 429 -> "Too Many Requests";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    /** The parts between {@code --boundary} lines, each as [headers, content]. */
    private static List<String[]> split(String body, String boundary) {
        List<String[]> parts = new ArrayList<>();
        String normalized = body.replace("\r\n", "\n");
        String[] chunks = normalized.split("(?m)^--" + Pattern.quote(boundary) + "(--)?[ \t]*$");
        for (int i = 1; i < chunks.length; i++) {
            String chunk = chunks[i].replaceFirst("^\n", "");
            if (chunk.isBlank()) {
                continue;
            }
            int blank = chunk.indexOf("\n\n");
            String head = blank < 0 ? chunk : chunk.substring(0, blank);
            String content = blank < 0 ? "" : chunk.substring(blank + 2);
            parts.add(new String[] {head, content});
        }
        return parts;
    }

    private static String header(String block, String name) {
        for (String line : block.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** An application/http part: request line, headers, blank line, body. */
    private static Part parse(String[] part, String servicePath) {
        String content = part[1];
        int blank = content.indexOf("\n\n");
        String head = blank < 0 ? content.strip() : content.substring(0, blank);
        String body = blank < 0 ? "" : content.substring(blank + 2).strip();
        String[] lines = head.split("\n");
        String[] requestLine = lines[0].trim().split(" ");
        if (requestLine.length < 2) {
            throw DvException.badRequest("The $batch part has no request line.");
        }
        Headers headers = new Headers();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.add(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        String url = requestLine[1];
        if (url.startsWith("http://") || url.startsWith("https://")) {
            URI u = URI.create(url);
            url = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
        } else if (!url.startsWith("/")) {
            url = servicePath + "/" + url;
        }
        return new Part(requestLine[0], url, headers, body.getBytes(StandardCharsets.UTF_8),
                header(part[0], "Content-ID"));
    }

    private static String pathOf(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static String queryOf(String url) {
        int q = url.indexOf('?');
        return q < 0 ? null : url.substring(q + 1);
    }
}
