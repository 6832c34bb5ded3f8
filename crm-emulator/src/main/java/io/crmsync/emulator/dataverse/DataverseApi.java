package io.crmsync.emulator.dataverse;

import io.crmsync.emulator.CrmApi;
import io.crmsync.emulator.CrmEmulator;
import io.crmsync.emulator.Reply;
import io.crmsync.emulator.Request;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Dataverse Web API ({@code /api/data/v9.0}–{@code v9.2}) and its Entra ID token endpoint
 * ({@code /{tenant}/oauth2/v2.0/token}) on the shared {@link CrmEmulator} server: an organization with the
 * {@code contact} and {@code account} tables, OData queries with paging and change tracking, upserts by primary or
 * alternate key, {@code $batch}, table metadata, and service protection limits. The organization URL (the token
 * scope's resource) is the emulator's base URL.
 */
public final class DataverseApi implements CrmApi {

    /** The endpoint kinds {@link #calls()} counts. */
    public enum Kind { TOKEN, QUERY, NEXT_PAGE, DELTA, UPSERT, DELETE, BATCH, METADATA, OTHER }

    private static final Pattern DATA = Pattern.compile("^/api/data/(v9\\.[0-2])(/.*)?$");
    private static final Pattern ENTITY = Pattern.compile("^/([A-Za-z_][A-Za-z0-9_]*)(?:\\((.*)\\))?/?$");
    static final String ORGANIZATION_ID = "5d3e2c1b-8a7f-4e6d-b5c4-a3b2c1d0e9f8";
    private static final Pattern DEFINITION = Pattern.compile("^/EntityDefinitions(?:\\(LogicalName='([^']*)'\\))?/?$");

    private final CrmEmulator host;
    private final AtomicLong versions = new AtomicLong(1_000_000);
    private final Map<String, TableStore> tables = new LinkedHashMap<>();
    private final Map<Kind, LongAdder> calls = new EnumMap<>(Kind.class);
    private final EntraTokens tokens;
    private final Queries queries = new Queries(this);
    private final Writes writes = new Writes(this);
    private final Deque<Instant> window = new ArrayDeque<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicLong dailyUsed = new AtomicLong();
    private volatile int throttleRetryAfter = 1;
    private volatile int windowRequests = 6000;
    private volatile Duration windowLength = Duration.ofSeconds(300);
    private volatile long dailyMax = Long.MAX_VALUE;
    private volatile Duration changeTrackingExpiry = Duration.ofDays(7);

    public DataverseApi(CrmEmulator host) {
        this.host = host;
        this.tokens = new EntraTokens(host::now);
        for (Kind k : Kind.values()) {
            calls.put(k, new LongAdder());
        }
        TableStore audits = new TableStore(TableSchema.audit(), versions);
        for (TableSchema s : List.of(TableSchema.contact(), TableSchema.account())) {
            TableStore store = new TableStore(s, versions);
            store.onDelete((id, when) -> audits.create(null, new LinkedHashMap<>(Map.of("operation", 3L, "action", 3L,
                    "objecttypecode", s.logicalName, "_objectid_value", id)), when.truncatedTo(ChronoUnit.SECONDS),
                    when));
            tables.put(s.entitySet, store);
        }
        tables.put(audits.schema.entitySet, audits);
    }

    // ---- configuration, knobs and seeding ----

    /** The tenant, client id and client secret the token endpoint accepts. */
    public DataverseApi credentials(String tenantId, String clientId, String clientSecret) {
        tokens.tenantId = tenantId;
        tokens.clientId = clientId;
        tokens.clientSecret = clientSecret;
        return this;
    }

    public String tenantId() {
        return tokens.tenantId;
    }

    /** Makes every issued token expired, so the next call answers 401. */
    public void expireAllTokens() {
        tokens.expireAll();
    }

    /** Service protection: at most {@code requests} per sliding {@code window} (default 6000 per 300 s). */
    public DataverseApi rateLimit(int requests, Duration window) {
        windowRequests = requests;
        windowLength = window;
        synchronized (this.window) {
            this.window.clear();
        }
        return this;
    }

    /** The next {@code n} Web API calls answer 429 with {@code Retry-After: retryAfterSeconds}. */
    public void throttleNext(int n, int retryAfterSeconds) {
        throttleRetryAfter = retryAfterSeconds;
        throttled.set(n);
    }

    /**
     * An emulator-only allowance of Web API calls (Power Platform request entitlements are not hard stops in a real
     * org); beyond it calls answer 429 until {@link #resetDailyUsage()}.
     */
    public DataverseApi dailyApiLimit(long max) {
        dailyMax = max;
        return this;
    }

    public void resetDailyUsage() {
        dailyUsed.set(0);
    }

    /** How long delta tokens stay valid (ExpireChangeTrackingInDays, default 7 days). */
    public DataverseApi changeTrackingExpiry(Duration expiry) {
        changeTrackingExpiry = expiry;
        return this;
    }

    /** Turns change tracking on or off for a table (logical name). */
    public DataverseApi changeTracking(String table, boolean enabled) {
        store(table).schema.changeTracking = enabled;
        return this;
    }

    /** Requests served so far per endpoint kind. */
    public Map<Kind, Long> calls() {
        Map<Kind, Long> out = new EnumMap<>(Kind.class);
        calls.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    /** Inserts n contacts with realistic names, emails, phones and cities, modified at spread times in the last 20 days. */
    public void seedContacts(int n) {
        String[] first = {"Ada", "Ben", "Chloé", "Dmitri", "Eva", "Farid", "Grace", "Hiro", "Inès", "Jonas"};
        String[] last = {"Lovelace", "Okafor", "Müller", "Ivanov", "Martín", "Haddad", "Hopper", "Tanaka",
            "Dubois", "Berg", "O'Neil"};
        String[] cities = {"Berlin", "Lyon", "Austin", "Osaka", "Madrid", "Oslo"};
        TableStore store = store("contact");
        Random random = new Random(42);
        Instant now = host.now().truncatedTo(ChronoUnit.SECONDS);
        int base = store.size();
        for (int i = 0; i < n; i++) {
            String f = first[random.nextInt(first.length)];
            String l = last[random.nextInt(last.length)];
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("firstname", f);
            v.put("lastname", l);
            v.put("emailaddress1", (f + "." + l).toLowerCase(Locale.ROOT).replace("'", "") + (base + i)
                    + "@example.com");
            v.put("telephone1", String.format(Locale.ROOT, "+1 415 555 %04d", random.nextInt(10_000)));
            v.put("address1_city", cities[random.nextInt(cities.length)]);
            v.put("crmsync_externalid", String.format(Locale.ROOT, "C-%06d", base + i + 1));
            v.put("numberofchildren", (long) random.nextInt(4));
            v.put("donotemail", random.nextInt(5) == 0);
            Instant created = now.minus(20, ChronoUnit.DAYS).plusSeconds(random.nextInt(10 * 86_400));
            store.create(null, v, created, created.plusSeconds(random.nextInt(9 * 86_400)));
        }
    }

    /** Inserts n accounts with names, numbers, revenue and sizes, created in the last 20 days. */
    public void seedAccounts(int n) {
        TableStore store = store("account");
        Random random = new Random(7);
        Instant now = host.now().truncatedTo(ChronoUnit.SECONDS);
        int base = store.size();
        for (int i = 0; i < n; i++) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("name", "Company " + (base + i + 1));
            v.put("accountnumber", String.format(Locale.ROOT, "A-%06d", base + i + 1));
            v.put("revenue", new BigDecimal(random.nextInt(1_000_000) + ".00"));
            v.put("numberofemployees", 1L + random.nextInt(5000));
            v.put("telephone1", String.format(Locale.ROOT, "+1 206 555 %04d", random.nextInt(10_000)));
            v.put("fax", String.format(Locale.ROOT, "+1 206 556 %04d", random.nextInt(10_000)));
            Instant created = now.minus(20, ChronoUnit.DAYS).plusSeconds(random.nextInt(19 * 86_400));
            store.create(null, v, created, created);
        }
    }

    /** Inserts a row (values by column name, typed as stored: String, Long, BigDecimal, Boolean) as of now. */
    public String insert(String table, Map<String, Object> values) {
        Instant now = host.now().truncatedTo(ChronoUnit.SECONDS);
        return (String) store(table).create(null, new LinkedHashMap<>(values), now, now).get(
                store(table).schema.primaryId);
    }

    /** Updates a row as a user would, bumping modifiedon and versionnumber. */
    public void update(String table, String id, Map<String, Object> values) {
        store(table).update(id, new LinkedHashMap<>(values), host.now().truncatedTo(ChronoUnit.SECONDS));
    }

    public boolean delete(String table, String id) {
        return store(table).delete(id, host.now());
    }

    /** A row's stored values (Instant for date-times), or null. */
    public Map<String, Object> record(String table, String id) {
        return store(table).get(id);
    }

    /** Every live row of the table. */
    public List<Map<String, Object>> records(String table) {
        return store(table).snapshot();
    }

    private TableStore store(String logicalOrSet) {
        for (TableStore s : tables.values()) {
            if (s.schema.logicalName.equals(logicalOrSet) || s.schema.entitySet.equals(logicalOrSet)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no table " + logicalOrSet);
    }

    // ---- for the request handlers ----

    CrmEmulator host() {
        return host;
    }

    Duration changeTrackingExpiry() {
        return changeTrackingExpiry;
    }

    long currentVersion() {
        return versions.get();
    }

    /** The Web API root, e.g. {@code http://127.0.0.1:8089/api/data/v9.2}. */
    String serviceRoot(String version) {
        return host.baseUrl() + "/api/data/" + version;
    }

    // ---- HTTP ----

    @Override
    public boolean serves(String path) {
        return path.startsWith("/api/data/v9.") || EntraTokens.match(path).matches();
    }

    @Override
    public void count(Request request) {
        calls.get(kindOf(request)).increment();
    }

    private static Kind kindOf(Request r) {
        if (EntraTokens.match(r.path()).matches()) {
            return Kind.TOKEN;
        }
        String rest = r.path().replaceFirst("^/api/data/v9\\.\\d", "");
        String query = r.rawQuery() == null ? "" : r.rawQuery();
        if (rest.startsWith("/EntityDefinitions") || rest.startsWith("/$metadata")) {
            return Kind.METADATA;
        }
        if (rest.equals("/$batch")) {
            return Kind.BATCH;
        }
        if (rest.startsWith("/WhoAmI")) {
            return Kind.OTHER;
        }
        return switch (r.method()) {
            case "GET" -> query.contains("$skiptoken=") || query.contains("%24skiptoken=") ? Kind.NEXT_PAGE
                    : query.contains("$deltatoken=") || query.contains("%24deltatoken=") ? Kind.DELTA : Kind.QUERY;
            case "PATCH" -> Kind.UPSERT;
            case "DELETE" -> Kind.DELETE;
            default -> Kind.OTHER;
        };
    }

    @Override
    public Reply handle(Request request) {
        Matcher token = EntraTokens.match(request.path());
        if (token.matches()) {
            if (!request.method().equals("POST")) {
                return Reply.json(405, Map.of("error", "invalid_request", "error_description",
                        "AADSTS900561: The endpoint only accepts POST requests."));
            }
            return tokens.token(token.group(1), Request.form(request.text()), host.baseUrl());
        }
        Matcher m = DATA.matcher(request.path());
        if (!m.matches()) {
            return error(new DvException(404, "0x80060888", "Resource not found for the segment '"
                    + request.path() + "'."));
        }
        String auth = request.header("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.valid(auth.substring(7).trim())) {
            // Dataverse answers an expired or missing token with an empty 401 and the challenge header.
            return Reply.empty(401).header("WWW-Authenticate", "Bearer error=invalid_token, error_description=\"Error "
                    + "during token validation!\", authorization_uri=https://login.microsoftonline.com/"
                    + tokens.tenantId + "/oauth2/authorize, resource_id=" + host.baseUrl());
        }
        Reply limited = serviceProtection();
        if (limited != null) {
            return limited;
        }
        return route(request, m.group(1), m.group(2) == null ? "" : m.group(2), new ArrayList<>())
                .header("x-ms-ratelimit-burst-remaining-xrm-requests", String.valueOf(remaining()));
    }

    @Override
    public Reply fault(int status, String message) {
        // 0x80040216: "An unexpected error occurred."
        return error(new DvException(status, "0x80040216", message));
    }

    private static Reply error(DvException e) {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("code", e.code);
        inner.put("message", e.getMessage());
        return Reply.json(e.status, Map.of("error", inner)).header("OData-Version", "4.0");
    }

    private int remaining() {
        synchronized (window) {
            return Math.max(0, windowRequests - window.size());
        }
    }

    /** 429 when the sliding window's budget, the daily knob or {@link #throttleNext} says so; else counts the call. */
    private Reply serviceProtection() {
        if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return tooMany(throttleRetryAfter);
        }
        if (dailyUsed.incrementAndGet() > dailyMax) {
            dailyUsed.decrementAndGet();
            return tooMany((int) Duration.between(host.now(), host.now().truncatedTo(ChronoUnit.DAYS)
                    .plus(1, ChronoUnit.DAYS)).toSeconds() + 1);
        }
        Instant now = host.now();
        synchronized (window) {
            while (!window.isEmpty() && !window.peekFirst().isAfter(now.minus(windowLength))) {
                window.pollFirst();
            }
            if (window.size() >= windowRequests) {
                long wait = Duration.between(now, window.peekFirst().plus(windowLength)).toSeconds() + 1;
                return tooMany((int) Math.max(1, wait));
            }
            window.addLast(now);
        }
        return null;
    }

    private Reply tooMany(int retryAfter) {
        return error(new DvException(429, "0x80072322", "Number of requests exceeded the limit of " + windowRequests
                + " over time window of " + windowLength.toSeconds() + " seconds."))
                .header("Retry-After", String.valueOf(retryAfter));
    }

    /** One Web API request below the service root; also runs the parts of a $batch. */
    private Reply route(Request request, String version, String rest,
            List<Map.Entry<String, Map<String, Object>>> undo) {
        try {
            return dispatch(request, version, rest, undo);
        } catch (DvException e) {
            return error(e);
        }
    }

    private Reply dispatch(Request request, String version, String rest,
            List<Map.Entry<String, Map<String, Object>>> undo) {
        String method = request.method();
        Map<String, String> params = request.params();
        if (rest.equals("/$batch")) {
            requireMethod(method, "POST");
            return Batch.run(request, "/api/data/" + version, new Batch.Executor() {
                @Override
                public Reply execute(Request inner, List<Map.Entry<String, Map<String, Object>>> log) {
                    Matcher m = DATA.matcher(inner.path());
                    if (!m.matches()) {
                        return error(new DvException(404, "0x80060888", "Resource not found for the segment '"
                                + inner.path() + "'."));
                    }
                    return route(inner, m.group(1), m.group(2) == null ? "" : m.group(2), log);
                }

                @Override
                public void rollback(List<Map.Entry<String, Map<String, Object>>> log) {
                    undo(log);
                }
            });
        }
        if (rest.equals("/WhoAmI") || rest.equals("/WhoAmI()")) {
            requireMethod(method, "GET");
            return whoAmI(version);
        }
        Matcher def = DEFINITION.matcher(rest);
        if (def.matches()) {
            requireMethod(method, "GET");
            return metadata(version, def.group(1), params);
        }
        Matcher e = ENTITY.matcher(rest);
        if (!e.matches()) {
            throw new DvException(404, "0x80060888", "Resource not found for the segment '" + rest + "'.");
        }
        TableStore store = tables.get(e.group(1));
        if (store == null) {
            throw new DvException(404, "0x80060888", "Resource not found for the segment '" + e.group(1) + "'.");
        }
        if (store.schema.logicalName.equals("audit") && !method.equals("GET")) {
            throw notAllowed(method);
        }
        Prefer prefer = Prefer.of(request);
        List<Column> select = Queries.select(store.schema, params.get("$select"));
        if (e.group(2) == null) {
            return switch (method) {
                case "GET" -> queries.query(store, version, params, prefer);
                case "POST" -> writes.upsert(store, version, null, request.body(), null, "*", prefer, select, undo);
                default -> throw notAllowed(method);
            };
        }
        Writes.KeyRef key = Writes.key(store.schema, java.net.URLDecoder.decode(e.group(2).replace("+", "%2B"),
                java.nio.charset.StandardCharsets.UTF_8));
        return switch (method) {
            case "GET" -> writes.retrieve(store, version, key, select);
            case "PATCH" -> writes.upsert(store, version, key, request.body(), request.header("If-Match"),
                    request.header("If-None-Match"), prefer, select, undo);
            case "DELETE" -> writes.delete(store, key, undo);
            default -> throw notAllowed(method);
        };
    }

    private void undo(List<Map.Entry<String, Map<String, Object>>> log) {
        for (int i = log.size() - 1; i >= 0; i--) {
            Map.Entry<String, Map<String, Object>> entry = log.get(i);
            for (TableStore s : tables.values()) {
                Map<String, Object> before = entry.getValue();
                if (before != null ? before.containsKey(s.schema.primaryId) : s.get(entry.getKey()) != null) {
                    s.restore(entry.getKey(), before);
                    break;
                }
            }
        }
    }

    private Reply metadata(String version, String logicalName, Map<String, String> params) {
        String expand = params.getOrDefault("$expand", "");
        boolean attributes = expand.contains("Attributes");
        boolean keys = expand.contains("Keys");
        String context = serviceRoot(version) + "/$metadata#EntityDefinitions";
        if (logicalName != null) {
            for (TableStore s : tables.values()) {
                if (s.schema.logicalName.equals(logicalName)) {
                    return Reply.ok(s.schema.metadata(context + "/$entity", attributes, keys))
                            .header("OData-Version", "4.0");
                }
            }
            throw DvException.notFound("Could not find entity with logical name '" + logicalName + "'.");
        }
        // The collection, with the one filter the connector needs: EntitySetName or LogicalName eq '…'.
        Column name = Column.text("LogicalName", 100);
        Column set = Column.text("EntitySetName", 100);
        java.util.function.Predicate<Map<String, Object>> filter = params.containsKey("$filter")
                ? ODataFilter.parse(params.get("$filter"), n -> switch (n) {
                    case "LogicalName" -> name;
                    case "EntitySetName" -> set;
                    default -> throw DvException.badRequest("Could not find a property named '" + n + "' on type "
                            + "'Microsoft.Dynamics.CRM.EntityMetadata'.");
                }) : r -> true;
        List<Map<String, Object>> value = new ArrayList<>();
        for (TableStore s : tables.values()) {
            if (filter.test(Map.of("LogicalName", s.schema.logicalName, "EntitySetName", s.schema.entitySet))) {
                Map<String, Object> m = s.schema.metadata(null, attributes, keys);
                m.remove("@odata.context");
                value.add(m);
            }
        }
        return Reply.ok(Map.of("@odata.context", context, "value", value)).header("OData-Version", "4.0");
    }

    /** The WhoAmI function: the application user the token belongs to, its business unit and organization. */
    private Reply whoAmI(String version) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", serviceRoot(version) + "/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
        body.put("BusinessUnitId", "3c9a4b1e-6f2d-4e8a-9b3c-1d2e3f4a5b60");
        body.put("UserId", java.util.UUID.nameUUIDFromBytes(("user:" + tokens.clientId).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)).toString());
        body.put("OrganizationId", ORGANIZATION_ID);
        return Reply.ok(body).header("OData-Version", "4.0");
    }

    private static void requireMethod(String actual, String allowed) {
        if (!actual.equals(allowed)) {
            throw notAllowed(actual);
        }
    }

    private static DvException notAllowed(String method) {
        return new DvException(405, "0x80060888", "The HTTP method '" + method + "' is not allowed on this "
                + "resource.");
    }
}
