package io.crmsync.emulator.hubspot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.emulator.CrmApi;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.Reply;
import io.crmsync.emulator.Request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * HubSpot CRM v3 ({@code /crm/v3/…}, {@code /oauth/v1/token}) on the shared {@link CrmEmulator} server: a portal
 * with contacts, companies and deals, private-app and OAuth tokens, the properties API, list, search (eventually
 * consistent), batch read/upsert/archive, HubSpot's rate limits and its error envelope.
 */
public final class HubSpotApi implements CrmApi {
    /** The endpoint kinds {@link #calls()} counts. */
    public enum Kind { TOKEN, LIST, SEARCH, BATCH_READ, BATCH_UPSERT, BATCH_ARCHIVE, PROPERTIES, OTHER }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int LIST_DEFAULT = 10;
    private static final int LIST_MAX = 100;
    static final String AUTH_NOT_FOUND = "Authentication credentials not found. This API supports both API Key and "
            + "OAuth 2.0 authentication and you can find more details at "
            + "https://developers.hubspot.com/docs/methods/auth/oauth-overview";

    private final CrmEmulator host;
    private final Map<String, ObjectStore> stores = new LinkedHashMap<>();
    private final Map<String, Instant> oauthTokens = new ConcurrentHashMap<>();
    private final Map<Kind, LongAdder> calls = new EnumMap<>(Kind.class);
    private final RateLimits limits = new RateLimits();
    private final AtomicInteger expireAfter = new AtomicInteger(-1);
    private volatile String privateAppToken = "pat-na1-5d1c3e2a-8f4b-4c6d-9e7f-0a1b2c3d4e5f";
    private volatile String clientId = "crmsync-client";
    private volatile String clientSecret = "crmsync-secret";
    private final String refreshToken = "na1-" + UUID.randomUUID();
    private volatile Duration tokenLifetime = Duration.ofSeconds(1800);
    private volatile Duration searchLag = Duration.ZERO;

    public HubSpotApi(CrmEmulator host) {
        this.host = host;
        for (Kind k : Kind.values()) {
            calls.put(k, new LongAdder());
        }
        AtomicLong ids = new AtomicLong(51_000);
        for (ObjectSchema s : List.of(ObjectSchema.contacts(), ObjectSchema.companies(), ObjectSchema.deals())) {
            stores.put(s.name(), new ObjectStore(s, ids));
        }
    }

    // ---- configuration ----

    /** The private-app token API calls may carry; it never expires. */
    public HubSpotApi privateAppToken(String token) {
        privateAppToken = token;
        return this;
    }

    public String privateAppToken() {
        return privateAppToken;
    }

    /** The OAuth app's client id and secret the token endpoint accepts. */
    public HubSpotApi oauthClient(String id, String secret) {
        clientId = id;
        clientSecret = secret;
        return this;
    }

    /** The refresh token the token endpoint accepts. */
    public String refreshToken() {
        return refreshToken;
    }

    /** How long issued OAuth access tokens live ({@code expires_in}); 1800 s by default, as HubSpot's do. */
    public HubSpotApi tokenLifetime(Duration lifetime) {
        tokenLifetime = lifetime;
        return this;
    }

    /** Every OAuth access token issued so far expires now (private-app tokens do not expire). */
    public void expireAllTokens() {
        Instant past = host.now().minusSeconds(1);
        oauthTokens.replaceAll((t, exp) -> past);
    }

    /** After the next n API calls (not counting token calls), every OAuth token expires: expiry in mid-run. */
    public void expireTokensAfterCalls(int n) {
        expireAfter.set(n);
    }

    /** Burst limit per token: at most {@code max} calls per {@code interval} (150 per 10 s by default). */
    public HubSpotApi rateLimit(int max, Duration interval) {
        limits.interval(max, interval);
        return this;
    }

    /** Search calls per second per account (5 by default). */
    public HubSpotApi searchRateLimit(int perSecond) {
        limits.searchPerSecond(perSecond);
        return this;
    }

    /** The daily quota (500,000 by default), reset at midnight in the account's time zone. */
    public HubSpotApi dailyLimit(long max, ZoneId accountZone) {
        limits.daily(max, accountZone);
        return this;
    }

    public void resetDailyUsage() {
        limits.resetDaily();
    }

    /** How long a write takes to become visible to search (list and batch read see it at once). */
    public HubSpotApi searchLag(Duration lag) {
        searchLag = lag;
        return this;
    }

    /** Requests served so far per endpoint kind. */
    public Map<Kind, Long> calls() {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    // ---- seeding and direct access ----

    /** Inserts n contacts with realistic names, emails and cities, created and modified over the last 20 days. */
    public void seedContacts(int n) {
        String[] first = {"Ada", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Inès", "Jonas"};
        String[] last = {"Lovelace", "Okafor", "Müller", "Ivanov", "Martín", "Haddad", "Hopper", "Tanaka", "Dubois",
            "O'Neil"};
        String[] cities = {"Berlin", "Lyon", "Austin", "Osaka", "Madrid", "Oslo"};
        String[] stages = {"subscriber", "lead", "opportunity", "customer"};
        ObjectStore store = stores.get("contacts");
        Random random = new Random(42);
        Instant now = host.now();
        int base = store.size();
        for (int i = 0; i < n; i++) {
            String f = first[random.nextInt(first.length)];
            String l = last[random.nextInt(last.length)];
            Map<String, String> v = new LinkedHashMap<>();
            v.put("firstname", f);
            v.put("lastname", l);
            v.put("email", (f + "." + l).toLowerCase(Locale.ROOT).replace("'", "").replace("é", "e")
                    .replace("è", "e").replace("ü", "u").replace("í", "i") + (base + i) + "@example.com");
            v.put("phone", String.format(Locale.ROOT, "+1 415 555 %04d", random.nextInt(10_000)));
            v.put("city", cities[random.nextInt(cities.length)]);
            v.put("lifecyclestage", stages[random.nextInt(stages.length)]);
            v.put("external_id", String.format(Locale.ROOT, "C-%06d", base + i + 1));
            Instant created = now.minus(20, ChronoUnit.DAYS).plusMillis(random.nextInt(10 * 86_400_000));
            Instant modified = created.plusMillis(random.nextInt(9 * 86_400_000));
            store.insert(v, created, modified, modified);
        }
    }

    /** Inserts n companies with names, domains and industries, created in the last 20 days. */
    public void seedCompanies(int n) {
        String[] industries = {"BANKING", "RETAIL", "COMPUTER_SOFTWARE", "UTILITIES"};
        ObjectStore store = stores.get("companies");
        Random random = new Random(7);
        Instant now = host.now();
        int base = store.size();
        for (int i = 0; i < n; i++) {
            Map<String, String> v = new LinkedHashMap<>();
            v.put("name", "Company " + (base + i + 1));
            v.put("domain", "company" + (base + i + 1) + ".example.com");
            v.put("industry", industries[random.nextInt(industries.length)]);
            v.put("numberofemployees", Integer.toString(1 + random.nextInt(5000)));
            v.put("external_id", String.format(Locale.ROOT, "A-%06d", base + i + 1));
            Instant created = now.minus(20, ChronoUnit.DAYS).plusMillis(random.nextInt(19 * 86_400_000));
            store.insert(v, created, created, created);
        }
    }

    /** Creates a record as a user in the HubSpot UI would (values as HubSpot strings); returns its id. */
    public String insert(String type, Map<String, String> properties) {
        ObjectStore store = store(type);
        Instant now = host.now();
        return Long.toString(store.insert(normalized(store, properties), now, now, now.plus(searchLag)));
    }

    /** Updates a record as a user would, bumping its modification time to the emulator's now. */
    public void update(String type, String id, Map<String, String> properties) {
        ObjectStore store = store(type);
        Instant now = host.now();
        store.update(Long.parseLong(id), normalized(store, properties), now, now.plus(searchLag));
    }

    /** Archives a record as a user would. */
    public void archive(String type, String id) {
        Instant now = host.now();
        store(type).archive(Long.parseLong(id), now, now.plus(searchLag));
    }

    /** The record's current properties (HubSpot strings), or null when there is none with that id. */
    public Map<String, String> record(String type, String id) {
        ObjectStore.Snapshot s = store(type).get(Long.parseLong(id));
        return s == null ? null : s.properties();
    }

    /** The live record whose property has the value (ignoring case), or null. */
    public Map<String, String> find(String type, String property, String value) {
        ObjectStore.Snapshot s = store(type).findLive(property, value);
        return s == null ? null : s.properties();
    }

    private static Map<String, String> normalized(ObjectStore store, Map<String, String> properties) {
        Map<String, String> out = new LinkedHashMap<>();
        properties.forEach((k, v) -> {
            PropertyDef p = store.schema.property(k);
            if (p == null) {
                throw new IllegalArgumentException("no property " + k + " on " + store.schema.name());
            }
            out.put(k, Values.normalize(store.schema, p, v));
        });
        return out;
    }

    private ObjectStore store(String type) {
        ObjectStore s = objectType(type);
        if (s == null) {
            throw new IllegalArgumentException("no object type " + type);
        }
        return s;
    }

    private ObjectStore objectType(String nameOrId) {
        for (ObjectStore s : stores.values()) {
            if (s.schema.name().equals(nameOrId.toLowerCase(Locale.ROOT)) || s.schema.typeId().equals(nameOrId)) {
                return s;
            }
        }
        return null;
    }

    // ---- HTTP ----

    @Override
    public boolean serves(String path) {
        return path.startsWith("/crm/v3/") || path.equals("/oauth/v1/token");
    }

    @Override
    public void count(Request request) {
        calls.get(kindOf(request.method(), request.path())).increment();
    }

    private static Kind kindOf(String method, String path) {
        if (path.equals("/oauth/v1/token")) {
            return Kind.TOKEN;
        }
        if (path.startsWith("/crm/v3/properties/")) {
            return Kind.PROPERTIES;
        }
        String[] seg = path.replaceAll("/+$", "").split("/");
        if (seg.length == 5 && method.equals("GET")) {
            return Kind.LIST;
        }
        if (seg.length == 6 && seg[5].equals("search")) {
            return Kind.SEARCH;
        }
        if (seg.length == 7 && seg[5].equals("batch")) {
            return switch (seg[6]) {
                case "read" -> Kind.BATCH_READ;
                case "upsert" -> Kind.BATCH_UPSERT;
                case "archive" -> Kind.BATCH_ARCHIVE;
                default -> Kind.OTHER;
            };
        }
        return Kind.OTHER;
    }

    @Override
    public Reply handle(Request request) throws IOException {
        Reply reply;
        Map<String, String> limitHeaders = Map.of();
        try {
            if (request.path().equals("/oauth/v1/token")) {
                reply = token(request);
            } else {
                String token = authenticate(request);
                limitHeaders = limits.admit(token, kindOf(request.method(), request.path()) == Kind.SEARCH,
                        host.now());
                reply = route(request);
            }
        } catch (RateLimits.Limited e) {
            limitHeaders = e.headers;
            reply = Reply.json(429, e.error.body());
        } catch (HubSpotException e) {
            reply = Reply.json(e.status, e.body());
            if (e.status == 401) {
                reply = reply.header("x-hubspot-auth-failure", "401 Unauthorized");
            }
        }
        for (Map.Entry<String, String> h : limitHeaders.entrySet()) {
            reply = reply.header(h.getKey(), h.getValue());
        }
        return reply.header("X-HubSpot-Correlation-Id", UUID.randomUUID().toString());
    }

    @Override
    public Reply fault(int status, String message) {
        String category = status == 429 ? "RATE_LIMITS" : status >= 500 ? "INTERNAL_ERROR" : "VALIDATION_ERROR";
        return Reply.json(status, new HubSpotException(status, category, message).body())
                .header("X-HubSpot-Correlation-Id", UUID.randomUUID().toString());
    }

    /** The bearer token of a call, refused with HubSpot's 401 bodies when unknown or expired. */
    private String authenticate(Request request) {
        String auth = request.header("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
        if (expireAfter.get() >= 0 && expireAfter.getAndDecrement() == 0) {
            expireAllTokens();
        }
        if (token.equals(privateAppToken)) {
            return token;
        }
        Instant expires = oauthTokens.get(token);
        if (expires == null) {
            throw new HubSpotException(401, "INVALID_AUTHENTICATION", AUTH_NOT_FOUND);
        }
        Instant now = host.now();
        if (!now.isBefore(expires)) {
            throw new HubSpotException(401, "EXPIRED_AUTHENTICATION", "The OAuth token used to make this call expired "
                    + Math.max(0, Duration.between(expires, now).toSeconds()) + " second(s) ago.");
        }
        return token;
    }

    private Reply token(Request request) {
        if (!request.method().equals("POST")) {
            throw new HubSpotException(405, "VALIDATION_ERROR", "Method " + request.method() + " not allowed");
        }
        Map<String, String> form = Request.form(request.text());
        String status = null;
        String message = null;
        if (!"refresh_token".equals(form.get("grant_type"))) {
            status = "BAD_GRANT_TYPE";
            message = "missing or unsupported grant_type";
        } else if (!clientId.equals(form.get("client_id"))) {
            status = "BAD_CLIENT_ID";
            message = "missing or invalid client_id";
        } else if (!clientSecret.equals(form.get("client_secret"))) {
            status = "BAD_CLIENT_SECRET";
            message = "missing or invalid client_secret";
        } else if (!refreshToken.equals(form.get("refresh_token"))) {
            status = "BAD_REFRESH_TOKEN";
            message = "missing or unknown refresh token";
        }
        if (status != null) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("status", status);
            err.put("message", message);
            err.put("correlationId", UUID.randomUUID().toString());
            err.put("requestId", UUID.randomUUID().toString());
            return Reply.json(400, err);
        }
        String access = "CJ" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                (UUID.randomUUID() + ":" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII));
        oauthTokens.put(access, host.now().plus(tokenLifetime));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "bearer");
        body.put("refresh_token", refreshToken);
        body.put("access_token", access);
        body.put("expires_in", tokenLifetime.toSeconds());
        return Reply.ok(body);
    }

    private Reply route(Request request) throws IOException {
        String method = request.method();
        String[] seg = request.path().replaceAll("/+$", "").split("/");
        // seg: "", "crm", "v3", "objects"|"properties", type, ...
        if (seg.length == 5 && seg[3].equals("properties")) {
            require(method, "GET");
            return Reply.ok(properties(type(seg[4])));
        }
        if (seg.length < 5 || !seg[3].equals("objects")) {
            throw notFound(request.path());
        }
        ObjectStore store = type(seg[4]);
        Instant now = host.now();
        Instant visibleAt = now.plus(searchLag);
        if (seg.length == 5 && method.equals("GET")) {
            return Reply.ok(list(store, request.params()));
        }
        if (seg.length == 5 && method.equals("POST")) {
            return Reply.json(201, BatchWrites.create(store, json(request), now, visibleAt));
        }
        if (seg.length == 6 && seg[5].equals("search")) {
            require(method, "POST");
            return Reply.ok(search(store, json(request), now));
        }
        if (seg.length == 7 && seg[5].equals("batch")) {
            require(method, "POST");
            switch (seg[6]) {
                case "upsert" -> {
                    BatchWrites.Outcome o = BatchWrites.upsert(store, json(request), now, visibleAt);
                    return Reply.json(o.partial() ? 207 : 200, o.body());
                }
                case "read" -> {
                    BatchWrites.Outcome o = BatchWrites.read(store, json(request), now);
                    return Reply.json(o.partial() ? 207 : 200, o.body());
                }
                case "archive" -> {
                    JsonNode inputs = json(request).path("inputs");
                    BatchWrites.requireSize(inputs);
                    for (JsonNode in : inputs) {
                        try {
                            store.archive(Long.parseLong(in.path("id").asText("").trim()), now, visibleAt);
                        } catch (NumberFormatException e) {
                            // HubSpot answers 204 for ids it does not hold
                        }
                    }
                    return Reply.empty(204);
                }
                default -> throw notFound(request.path());
            }
        }
        throw notFound(request.path());
    }

    private ObjectStore type(String name) {
        ObjectStore s = objectType(name);
        if (s == null) {
            throw new HubSpotException(400, "VALIDATION_ERROR", "Unable to infer object type from: " + name);
        }
        return s;
    }

    private static HubSpotException notFound(String path) {
        return new HubSpotException(404, "OBJECT_NOT_FOUND", "Resource not found: " + path);
    }

    private static void require(String actual, String allowed) {
        if (!actual.equals(allowed)) {
            throw new HubSpotException(405, "VALIDATION_ERROR", "HTTP method " + actual + " is not supported; use "
                    + allowed);
        }
    }

    private static JsonNode json(Request request) {
        try {
            JsonNode node = JSON.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw HubSpotException.validation("Invalid input JSON: expected an object");
            }
            return node;
        } catch (IOException e) {
            throw HubSpotException.validation("Invalid input JSON on line 1: " + e.getMessage().split("\n")[0]);
        }
    }

    private static Map<String, Object> properties(ObjectStore store) {
        List<Map<String, Object>> results = new ArrayList<>();
        int order = 0;
        for (PropertyDef p : store.schema.properties().values()) {
            results.add(p.describe(store.schema.label().toLowerCase(Locale.ROOT) + "information", order++));
        }
        return Map.of("results", results);
    }

    private static Map<String, Object> list(ObjectStore store, Map<String, String> params) {
        int limit;
        try {
            limit = Integer.parseInt(params.getOrDefault("limit", Integer.toString(LIST_DEFAULT)));
        } catch (NumberFormatException e) {
            throw HubSpotException.validation("limit: not a number");
        }
        if (limit < 1 || limit > LIST_MAX) {
            throw HubSpotException.validation("There was a problem with the request. limit: must be between 1 and "
                    + LIST_MAX);
        }
        long from = 0;
        if (params.containsKey("after")) {
            try {
                from = Long.parseLong(new String(Base64.getDecoder().decode(params.get("after")),
                        StandardCharsets.US_ASCII).trim());
            } catch (IllegalArgumentException e) {
                throw HubSpotException.validation("There was a problem with the request. after: invalid paging cursor");
            }
        }
        boolean archived = Boolean.parseBoolean(params.getOrDefault("archived", "false"));
        List<String> props = params.containsKey("properties") ? List.of(params.get("properties").split(",")) : null;
        List<ObjectStore.Snapshot> page = store.page(archived, from, limit);
        List<Map<String, Object>> results = new ArrayList<>();
        for (ObjectStore.Snapshot s : page.subList(0, Math.min(limit, page.size()))) {
            results.add(render(store.schema, s, props));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results);
        if (page.size() > limit) {
            // Opaque to clients; like HubSpot's, it is the base64 of where the next page starts.
            String after = Base64.getEncoder().encodeToString((page.get(limit).id() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
            body.put("paging", Map.of("next", Map.of("after", after,
                    "link", "?after=" + after.replace("=", "%3D"))));
        }
        return body;
    }

    private Map<String, Object> search(ObjectStore store, JsonNode body, Instant now) {
        Search search = Search.parse(store.schema, body);
        List<ObjectStore.Snapshot> hits = new ArrayList<>();
        for (ObjectStore.Snapshot s : store.searchable(now)) {
            if (search.filter.test(s)) {
                hits.add(s);
            }
        }
        hits.sort(search.order);
        int end = Math.min(Math.min(hits.size(), search.offset + search.limit), Search.MAX_RESULTS);
        List<Map<String, Object>> results = new ArrayList<>();
        for (ObjectStore.Snapshot s : hits.subList(Math.min(search.offset, end), end)) {
            results.add(render(store.schema, s, search.properties.isEmpty() ? null : search.properties));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", hits.size());
        out.put("results", results);
        if (end < hits.size()) {
            out.put("paging", Map.of("next", Map.of("after", Integer.toString(end))));
        }
        return out;
    }

    /** A record as answers show it: the requested properties (unknown names ignored; unset ones null). */
    static Map<String, Object> render(ObjectSchema schema, ObjectStore.Snapshot s, List<String> requested) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (String name : requested == null ? schema.defaults() : requested) {
            if (schema.property(name) != null) {
                props.put(name, s.properties().get(name));
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", Long.toString(s.id()));
        r.put("properties", props);
        r.put("createdAt", Values.format(s.createdAt()));
        r.put("updatedAt", Values.format(s.updatedAt()));
        r.put("archived", s.archivedAt() != null);
        if (s.archivedAt() != null) {
            r.put("archivedAt", Values.format(s.archivedAt()));
        }
        return r;
    }
}
