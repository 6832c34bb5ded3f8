package io.crmsync.emulator.salesforce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.crmsync.emulator.CrmApi;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.Reply;
import io.crmsync.emulator.Request;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Salesforce REST ({@code /services/oauth2/token}, {@code /services/data/vNN.0}, NN ≥ 46) on the shared
 * {@link CrmEmulator} server: an in-memory org with Contact and Account, OAuth, SOQL queries, describe, sObject
 * Collections upsert, delete, replication and limits, with the real error bodies.
 */
public final class SalesforceApi implements CrmApi {
    /** The endpoint kinds {@link #calls()} counts, so benchmarks can compare how many calls a sync needed. */
    public enum Kind { TOKEN, QUERY, QUERY_MORE, DESCRIBE, COLLECTIONS_UPSERT, DELETE, UPDATED, DELETED, LIMITS, OTHER }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DATA = Pattern.compile("^/services/data/v(\\d+)\\.0(/.*)?$");
    private static final Pattern MORE = Pattern.compile("^/(query|queryAll)/(01g[0-9A-Za-z]+)-(\\d+)$");
    private static final int MAX_BATCH = 2000;
    private static final int MIN_BATCH = 200;
    private static final int MAX_COLLECTION = 200;
    /** Salesforce keeps a bounded number of open query cursors per user and drops the oldest. */
    private static final int MAX_OPEN_CURSORS = 10;

    private record Cursor(String type, List<Map<String, Object>> rows, int batchSize) {
    }

    private final CrmEmulator host;
    private final Map<String, ObjectStore> stores = new ConcurrentHashMap<>();
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, Cursor> cursors = new LinkedHashMap<>();
    private final Map<Kind, LongAdder> calls = new EnumMap<>(Kind.class);
    private final AtomicLong used = new AtomicLong();
    private volatile long dailyMax = 15_000;
    private volatile String clientId = "crmsync";
    private volatile String clientSecret = "crmsync-secret";
    private final String refreshToken = "5Aep861" + UUID.randomUUID().toString().replace("-", "");
    private volatile java.security.PublicKey jwtKey;
    private volatile String jwtUser;

    public SalesforceApi(CrmEmulator host) {
        this.host = host;
        for (Kind k : Kind.values()) {
            calls.put(k, new LongAdder());
        }
        for (ObjectSchema s : List.of(ObjectSchema.contact(), ObjectSchema.account())) {
            stores.put(s.name().toLowerCase(Locale.ROOT), new ObjectStore(s));
        }
    }

    // ---- configuration and seeding ----

    /** The client_id/client_secret the token endpoint accepts. */
    public SalesforceApi credentials(String id, String secret) {
        clientId = id;
        clientSecret = secret;
        return this;
    }

    /**
     * Accepts the JWT bearer flow for this user: assertions signed (RS256) by the private key of this public key,
     * as a connected app's uploaded certificate does, with the client id as issuer.
     */
    public SalesforceApi jwtBearer(java.security.PublicKey certificateKey, String username) {
        jwtKey = certificateKey;
        jwtUser = username;
        return this;
    }

    /** The refresh token the token endpoint accepts with grant_type=refresh_token. */
    public String refreshToken() {
        return refreshToken;
    }

    /** Invalidates every issued access token, as a session timeout does. */
    public void expireAllTokens() {
        tokens.clear();
    }

    /** Sets DailyApiRequests.Max; requests beyond it answer 403 REQUEST_LIMIT_EXCEEDED. */
    public SalesforceApi dailyApiLimit(long max) {
        dailyMax = max;
        return this;
    }

    /** Resets the API usage counter, as a new day would. */
    public void resetApiUsage() {
        used.set(0);
    }

    /** Requests served so far per endpoint kind. */
    public Map<Kind, Long> calls() {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Inserts n Contacts with realistic names, emails and phones, modified at spread times in the last 20 days. */
    public void seedContacts(int n) {
        String[] first = {"Ada", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Inès", "Jonas"};
        String[] last = {"Lovelace", "Okafor", "Müller", "Ivanov", "Martín", "Haddad", "Hopper", "Tanaka",
            "Dubois", "Berg", "O'Neil"};
        String[] cities = {"Berlin", "Lyon", "Austin", "Osaka", "Madrid", "Oslo"};
        ObjectStore store = stores.get("contact");
        Random random = new Random(42);
        Instant now = host.now();
        int base = store.size();
        for (int i = 0; i < n; i++) {
            String f = first[random.nextInt(first.length)];
            String l = last[random.nextInt(last.length)];
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("FirstName", f);
            v.put("LastName", l);
            v.put("Email", (f + "." + l).toLowerCase(Locale.ROOT).replace("'", "") + (base + i) + "@example.com");
            v.put("Phone", String.format(Locale.ROOT, "+1 415 555 %04d", random.nextInt(10_000)));
            v.put("Title", random.nextBoolean() ? "Buyer" : null);
            v.put("MailingCity", cities[random.nextInt(cities.length)]);
            v.put("External_Id__c", String.format(Locale.ROOT, "C-%06d", base + i + 1));
            Instant created = now.minus(20, ChronoUnit.DAYS).plusSeconds(random.nextInt(10 * 86_400));
            Instant modified = created.plusSeconds(random.nextInt(9 * 86_400));
            store.insert(v, created, modified);
        }
    }

    /** Edits n live Contacts (every seventh) as a user would: a new title, stamped now. Returns how many. */
    public int touchContacts(int n) {
        ObjectStore store = store("Contact");
        int touched = 0;
        int index = 0;
        for (Map<String, Object> row : store.snapshot(false)) {
            if (touched == n) {
                break;
            }
            if (index++ % 7 == 0) {
                store.update((String) row.get("Id"), Map.of("Title", "Head of Purchasing"), host.now());
                touched++;
            }
        }
        return touched;
    }

    /** Inserts n Accounts with names, industries and revenue, created in the last 20 days. */
    public void seedAccounts(int n) {
        String[] industries = {"Banking", "Energy", "Retail", "Technology"};
        ObjectStore store = stores.get("account");
        Random random = new Random(7);
        Instant now = host.now();
        int base = store.size();
        for (int i = 0; i < n; i++) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("Name", "Company " + (base + i + 1));
            v.put("Industry", industries[random.nextInt(industries.length)]);
            v.put("AnnualRevenue", new java.math.BigDecimal(random.nextInt(1_000_000) + ".00"));
            v.put("NumberOfEmployees", 1 + random.nextInt(5000));
            v.put("External_Id__c", String.format(Locale.ROOT, "A-%06d", base + i + 1));
            Instant created = now.minus(20, ChronoUnit.DAYS).plusSeconds(random.nextInt(19 * 86_400));
            store.insert(v, created, created);
        }
    }

    /** Inserts one record of the type (values by canonical field name, typed) as of now; returns its id. */
    public String insert(String type, Map<String, Object> values) {
        Instant now = host.now();
        return store(type).insert(values, now, now);
    }

    /** Updates a record as a user would, bumping its stamps. */
    public void update(String type, String id, Map<String, Object> values) {
        store(type).update(id, values, host.now());
    }

    /** Deletes a record as a user would: to the recycle bin and the delete log, stamped now. */
    public void delete(String type, String id) {
        if (!store(type).delete(id, host.now())) {
            throw new IllegalArgumentException("no " + type + " " + id);
        }
    }

    /** The record's stored values (Instant for datetimes), or null. */
    public Map<String, Object> record(String type, String id) {
        return store(type).get(id);
    }

    private ObjectStore store(String type) {
        ObjectStore s = stores.get(type.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new IllegalArgumentException("no sObject " + type);
        }
        return s;
    }

    // ---- HTTP ----

    @Override
    public boolean serves(String path) {
        return path.startsWith("/services/");
    }

    @Override
    public void count(Request request) {
        calls.get(kindOf(request.method(), request.path())).increment();
    }

    @Override
    public Reply handle(Request request) throws IOException {
        Reply reply;
        try {
            reply = route(request);
        } catch (SfException e) {
            reply = Reply.json(e.status, List.of(error(e)));
        }
        return withLimitInfo(reply);
    }

    @Override
    public Reply fault(int status, String message) {
        return withLimitInfo(Reply.json(status, List.of(error(new SfException(status,
                status == 503 ? "SERVER_UNAVAILABLE" : "UNKNOWN_EXCEPTION", message)))));
    }

    private Reply withLimitInfo(Reply reply) {
        return reply.header("Sforce-Limit-Info", "api-usage=" + used.get() + "/" + dailyMax);
    }

    private static Map<String, Object> error(SfException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("message", e.getMessage());
        m.put("errorCode", e.errorCode);
        if (e.fields != null) {
            m.put("fields", e.fields);
        }
        return m;
    }

    private Reply route(Request ex) throws IOException {
        String path = ex.path();
        String method = ex.method();
        if (path.equals("/services/oauth2/token")) {
            requireMethod(method, "POST");
            return token(Request.form(ex.text()));
        }
        Matcher m = DATA.matcher(path);
        if (!m.matches() || Integer.parseInt(m.group(1)) < 46) {
            throw notFound();
        }
        String version = "v" + m.group(1) + ".0";
        String rest = m.group(2) == null ? "" : m.group(2);
        String auth = ex.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.contains(auth.substring(7).trim())) {
            throw new SfException(401, "INVALID_SESSION_ID", "Session expired or invalid");
        }
        if (used.incrementAndGet() > dailyMax) {
            used.decrementAndGet();
            throw new SfException(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.");
        }
        Map<String, String> params = ex.params();
        String[] seg = rest.replaceAll("/+$", "").split("/");
        Matcher more = MORE.matcher(rest);
        if ((rest.equals("/query") || rest.equals("/queryAll") || rest.equals("/query/")
                || rest.equals("/queryAll/"))) {
            requireMethod(method, "GET");
            return ok(query(version, params.get("q"), rest.startsWith("/queryAll"),
                    batchSize(ex.header("Sforce-Query-Options")), rest.startsWith("/queryAll")
                            ? "queryAll" : "query"));
        }
        if (more.matches()) {
            requireMethod(method, "GET");
            return ok(page(version, more.group(1), more.group(2), Integer.parseInt(more.group(3))));
        }
        if (rest.equals("/limits") || rest.equals("/limits/")) {
            requireMethod(method, "GET");
            return ok(limits());
        }
        if (seg.length == 4 && seg[1].equals("sobjects") && seg[3].equals("describe")) {
            requireMethod(method, "GET");
            return ok(sobject(seg[2]).schema.describe(version));
        }
        if (seg.length == 4 && seg[1].equals("sobjects") && (seg[3].equals("updated") || seg[3].equals("deleted"))) {
            boolean updated = seg[3].equals("updated");
            requireMethod(method, "GET");
            return ok(replication(sobject(seg[2]), updated, params.get("start"), params.get("end")));
        }
        if (seg.length == 4 && seg[1].equals("sobjects") && method.equals("DELETE")) {
            ObjectStore store = sobject(seg[2]);
            if (!store.delete(seg[3], host.now())) {
                throw notFound();
            }
            return Reply.empty(204);
        }
        if (seg.length == 5 && seg[1].equals("composite") && seg[2].equals("sobjects")) {
            requireMethod(method, "PATCH");
            return ok(CollectionsUpsert.run(sobject(seg[3]), seg[4], readJson(ex.body()), MAX_COLLECTION,
                    host.now()));
        }
        throw notFound();
    }

    /** Classifies a request before anything can fail it, so refused and faulted calls are counted too. */
    private static Kind kindOf(String method, String path) {
        if (path.equals("/services/oauth2/token")) {
            return Kind.TOKEN;
        }
        String rest = path.replaceFirst("^/services/data/v\\d+\\.0", "").replaceAll("/+$", "");
        if (rest.equals("/query") || rest.equals("/queryAll")) {
            return Kind.QUERY;
        }
        if (MORE.matcher(rest).matches()) {
            return Kind.QUERY_MORE;
        }
        if (rest.equals("/limits")) {
            return Kind.LIMITS;
        }
        if (rest.startsWith("/composite/sobjects/")) {
            return Kind.COLLECTIONS_UPSERT;
        }
        if (rest.startsWith("/sobjects/")) {
            return rest.endsWith("/describe") ? Kind.DESCRIBE : rest.endsWith("/updated") ? Kind.UPDATED
                    : rest.endsWith("/deleted") ? Kind.DELETED : method.equals("DELETE") ? Kind.DELETE : Kind.OTHER;
        }
        return Kind.OTHER;
    }

    private static Reply ok(Object body) {
        return Reply.ok(body);
    }

    private static SfException notFound() {
        return new SfException(404, "NOT_FOUND", "The requested resource does not exist");
    }

    private static void requireMethod(String actual, String allowed) {
        if (!actual.equals(allowed)) {
            throw new SfException(405, "METHOD_NOT_ALLOWED",
                    "HTTP Method '" + actual + "' not allowed. Allowed are " + allowed);
        }
    }

    private ObjectStore sobject(String type) {
        ObjectStore s = stores.get(type.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw notFound();
        }
        return s;
    }

    private static JsonNode readJson(byte[] in) throws IOException {
        try {
            return JSON.readTree(in);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new SfException(400, "JSON_PARSER_ERROR", e.getOriginalMessage());
        }
    }

    // ---- OAuth ----

    private Reply token(Map<String, String> form) {
        String grant = form.getOrDefault("grant_type", "");
        if (grant.equals("urn:ietf:params:oauth:grant-type:jwt-bearer")) {
            String refused = jwtRefusal(form.getOrDefault("assertion", ""));
            if (refused != null) {
                Map<String, Object> err = new LinkedHashMap<>();
                err.put("error", refused.equals("client identifier invalid") ? "invalid_client_id" : "invalid_grant");
                err.put("error_description", refused);
                return Reply.json(400, err);
            }
            return issue();
        }
        boolean accepted = switch (grant) {
            case "client_credentials" -> clientId.equals(form.get("client_id"))
                    && clientSecret.equals(form.get("client_secret"));
            case "refresh_token" -> clientId.equals(form.get("client_id"))
                    && refreshToken.equals(form.get("refresh_token"));
            default -> false;
        };
        if (!accepted) {
            Map<String, Object> err = new LinkedHashMap<>();
            err.put("error", grant.equals("refresh_token") || grant.equals("client_credentials") ? "invalid_grant"
                    : "unsupported_grant_type");
            err.put("error_description", grant.equals("refresh_token") ? "expired access/refresh token"
                    : grant.equals("client_credentials") ? "authentication failure" : "grant type not supported");
            return Reply.json(400, err);
        }
        return issue();
    }

    /** Why Salesforce would refuse this JWT bearer assertion (its error_description), or null to accept it. */
    private String jwtRefusal(String assertion) {
        String[] parts = assertion.split("\\.", -1);
        if (parts.length != 3 || jwtKey == null) {
            return "invalid assertion";
        }
        JsonNode header;
        JsonNode claims;
        try {
            java.util.Base64.Decoder url = java.util.Base64.getUrlDecoder();
            header = JSON.readTree(url.decode(parts[0]));
            claims = JSON.readTree(url.decode(parts[1]));
            java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
            rs256.initVerify(jwtKey);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!"RS256".equals(header.path("alg").asText()) || !rs256.verify(url.decode(parts[2]))) {
                return "invalid assertion";
            }
        } catch (IOException | IllegalArgumentException | java.security.GeneralSecurityException e) {
            return "invalid assertion";
        }
        if (!clientId.equals(claims.path("iss").asText())) {
            return "client identifier invalid";
        }
        String aud = claims.path("aud").asText();
        if (!aud.equals(host.baseUrl()) && !aud.equals("https://login.salesforce.com")
                && !aud.equals("https://test.salesforce.com")) {
            return "audience is invalid";
        }
        long now = host.now().getEpochSecond();
        long exp = claims.path("exp").asLong(0);
        if (exp <= now || exp > now + 300) {
            return "invalid assertion";
        }
        if (!claims.path("sub").asText().equals(jwtUser)) {
            return "user hasn't approved this consumer";
        }
        return null;
    }

    private Reply issue() {
        String token = "00D5g000004Emul!" + UUID.randomUUID().toString().replace("-", "")
                + UUID.randomUUID().toString().replace("-", "");
        tokens.add(token);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", host.baseUrl() + "/id/00D5g000004EmulEAA/0055g00000EmulAAA");
        body.put("issued_at", String.valueOf(System.currentTimeMillis()));
        body.put("instance_url", host.baseUrl());
        body.put("signature", java.util.Base64.getEncoder().encodeToString(
                token.substring(16, 48).getBytes(StandardCharsets.US_ASCII)));
        body.put("access_token", token);
        body.put("token_type", "Bearer");
        return Reply.ok(body);
    }

    // ---- query ----

    private static int batchSize(String options) {
        if (options != null) {
            Matcher m = Pattern.compile("batchSize\\s*=\\s*(\\d+)").matcher(options);
            if (m.find()) {
                return Math.max(MIN_BATCH, Math.min(MAX_BATCH, Integer.parseInt(m.group(1))));
            }
        }
        return MAX_BATCH;
    }

    private Map<String, Object> query(String version, String q, boolean all, int batch, String kind) {
        if (q == null || q.isBlank()) {
            throw new SfException(400, "MALFORMED_QUERY", "A query string has to be specified");
        }
        Soql.Query query = Soql.parse(q, name -> {
            ObjectStore s = stores.get(name.toLowerCase(Locale.ROOT));
            return s == null ? null : s.schema;
        });
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> r : stores.get(query.schema().name().toLowerCase(Locale.ROOT)).snapshot(all)) {
            if (query.where().test(r)) {
                matching.add(r);
            }
        }
        if (query.orderBy() != null) {
            matching.sort(query.orderBy());
        }
        if (query.limit() != null && matching.size() > query.limit()) {
            matching = matching.subList(0, query.limit());
        }
        String type = query.schema().name();
        List<Map<String, Object>> rows = new ArrayList<>(matching.size());
        for (Map<String, Object> r : matching) {
            Map<String, Object> out = new LinkedHashMap<>();
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("type", type);
            attributes.put("url", "/services/data/" + version + "/sobjects/" + type + "/" + r.get("Id"));
            out.put("attributes", attributes);
            for (FieldDef f : query.select()) {
                out.put(f.name(), Values.render(r.get(f.name())));
            }
            rows.add(out);
        }
        Cursor cursor = new Cursor(type, rows, batch);
        String locator = null;
        if (rows.size() > batch) {
            locator = SfIds.next("01g").substring(0, 15);
            synchronized (cursors) {
                cursors.put(locator, cursor);
                if (cursors.size() > MAX_OPEN_CURSORS) {
                    cursors.remove(cursors.keySet().iterator().next());
                }
            }
        }
        return pageOf(version, kind, locator, cursor, 0);
    }

    private Map<String, Object> page(String version, String kind, String locator, int offset) {
        Cursor cursor;
        synchronized (cursors) {
            cursor = cursors.get(locator);
        }
        if (cursor == null || offset < 0 || offset > cursor.rows().size()) {
            throw new SfException(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
        }
        return pageOf(version, kind, locator, cursor, offset);
    }

    private static Map<String, Object> pageOf(String version, String kind, String locator, Cursor c, int offset) {
        int end = Math.min(c.rows().size(), offset + c.batchSize());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("totalSize", c.rows().size());
        body.put("done", end >= c.rows().size());
        if (end < c.rows().size()) {
            body.put("nextRecordsUrl", "/services/data/" + version + "/" + kind + "/" + locator + "-" + end);
        }
        body.put("records", c.rows().subList(offset, end));
        return body;
    }

    // ---- replication, limits ----

    private Map<String, Object> replication(ObjectStore store, boolean updated, String start, String end) {
        if (start == null || end == null) {
            throw new SfException(400, "MALFORMED_QUERY", "start and end are required");
        }
        Instant s;
        Instant e;
        try {
            s = Values.parseDateTime(start).truncatedTo(ChronoUnit.MINUTES);
            e = Values.parseDateTime(end).truncatedTo(ChronoUnit.MINUTES);
        } catch (RuntimeException ex) {
            throw new SfException(400, "INVALID_REPLICATION_DATE", "Invalid date: " + start + " / " + end);
        }
        Instant now = host.now();
        if (!s.isBefore(e)) {
            throw new SfException(400, "INVALID_REPLICATION_DATE", "startDate must chronologically precede endDate");
        }
        Instant latest = e.isAfter(now) ? now.truncatedTo(ChronoUnit.MINUTES) : e;
        Map<String, Object> body = new LinkedHashMap<>();
        if (updated) {
            if (s.isBefore(now.minus(30, ChronoUnit.DAYS))) {
                throw new SfException(400, "INVALID_REPLICATION_DATE",
                        "startDate cannot be more than 30 days ago");
            }
            body.put("ids", store.updatedBetween(s, latest));
            body.put("latestDateCovered", Values.format(latest));
            return body;
        }
        Instant earliest = now.minus(ObjectStore.DELETE_LOG_DAYS, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
        List<Map<String, Object>> deleted = new ArrayList<>();
        for (ObjectStore.Deleted d : store.deletedBetween(s, latest, earliest)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", d.id());
            m.put("deletedDate", Values.format(d.deletedDate()));
            deleted.add(m);
        }
        body.put("deletedRecords", deleted);
        body.put("earliestDateAvailable", Values.format(earliest));
        body.put("latestDateCovered", Values.format(latest));
        return body;
    }

    private Map<String, Object> limits() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("DailyApiRequests", Map.of("Max", dailyMax, "Remaining", Math.max(0, dailyMax - used.get())));
        body.put("DailyBulkApiRequests", Map.of("Max", 5000, "Remaining", 5000));
        return body;
    }
}
