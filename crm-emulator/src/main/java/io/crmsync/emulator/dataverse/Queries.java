package io.crmsync.emulator.dataverse;

import io.crmsync.emulator.Reply;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * GET on an entity set: {@code $select $filter $orderby $top $count}, paging with {@code Prefer:
 * odata.maxpagesize} and an opaque {@code $skiptoken} paging cookie, and change tracking ({@code Prefer:
 * odata.track-changes}, {@code $deltatoken}). Pages are keyset pages: the cookie holds the last row's sort values,
 * the next page starts strictly after them in ({@code $orderby}…, primary id) order, as Dataverse's paging cookie
 * does, so rows changed while paging move rather than vanish.
 */
final class Queries {

    static final int MAX_PAGE = 5000;
    /** Dataverse stops counting at 5000 and flags the answer. */
    static final int COUNT_LIMIT = 5000;
    private static final DateTimeFormatter TOKEN_TIME = DateTimeFormatter.ofPattern("MM/dd/uuuu HH:mm:ss");
    private static final Pattern TOKEN = Pattern.compile("(\\d+)!(\\d\\d/\\d\\d/\\d{4} \\d\\d:\\d\\d:\\d\\d)");
    private static final Pattern COOKIE_COLUMN = Pattern.compile("<(\\w+) (?:last=\"([^\"]*)\"[^>]*|isnull=\"1\") />");
    private static final Pattern ATTRIBUTE = Pattern.compile("(\\w+)=\"([^\"]*)\"");

    private final DataverseApi api;

    Queries(DataverseApi api) {
        this.api = api;
    }

    Reply query(TableStore store, String version, Map<String, String> params, Prefer prefer) {
        TableSchema t = store.schema;
        if (params.containsKey("$skip")) {
            throw DvException.badRequest("Skip Clause is not supported in CRM");
        }
        List<Column> select = select(t, params.get("$select"));
        boolean pageSizeApplied = prefer.maxPageSize() != null && prefer.maxPageSize() > 0
                && prefer.maxPageSize() <= MAX_PAGE;
        int pageSize = pageSizeApplied ? prefer.maxPageSize() : MAX_PAGE;
        Map<String, String> cookie = params.containsKey("$skiptoken") ? cookie(params.get("$skiptoken")) : null;
        Reply reply;
        if (params.containsKey("$deltatoken")) {
            reply = delta(store, version, params, select, pageSize, cookie);
        } else {
            boolean tracking = prefer.trackChanges() || cookie != null && "True".equals(cookie.get("istracking"));
            if (tracking) {
                for (String option : List.of("$filter", "$orderby", "$top", "$expand")) {
                    if (params.containsKey(option)) {
                        throw DvException.badRequest("The query option " + option + " is not supported with change "
                                + "tracking (Prefer: odata.track-changes).");
                    }
                }
                if (!t.changeTracking) {
                    throw DvException.badRequest("Change tracking is not enabled for the entity " + t.logicalName
                            + ".");
                }
            }
            reply = rows(store, version, params, select, pageSize, pageSizeApplied, cookie, tracking);
        }
        reply = reply.header("OData-Version", "4.0");
        if (pageSizeApplied && prefer.trackChanges()) {
            return reply.header("Preference-Applied", "odata.maxpagesize=" + pageSize + ",odata.track-changes");
        }
        if (pageSizeApplied) {
            return reply.header("Preference-Applied", "odata.maxpagesize=" + pageSize);
        }
        return prefer.trackChanges() ? reply.header("Preference-Applied", "odata.track-changes") : reply;
    }

    private Reply rows(TableStore store, String version, Map<String, String> params, List<Column> select,
            int pageSize, boolean pageSizeApplied, Map<String, String> cookie, boolean tracking) {
        TableSchema t = store.schema;
        Predicate<Map<String, Object>> filter = params.containsKey("$filter")
                ? ODataFilter.parse(params.get("$filter"), t::require) : r -> true;
        List<Column> orderColumns = new ArrayList<>();
        Comparator<Map<String, Object>> order = orderBy(t, params.get("$orderby"), orderColumns);
        // The cookie of the first tracking page fixes the version the delta link will continue from.
        String startToken = cookie != null && cookie.containsKey("token") ? cookie.get("token") : token();
        List<Map<String, Object>> matching = new ArrayList<>();
        for (Map<String, Object> r : store.snapshot()) {
            if (filter.test(r)) {
                matching.add(r);
            }
        }
        matching.sort(order);
        int total = matching.size();
        Integer top = null;
        if (params.containsKey("$top")) {
            try {
                top = Integer.parseInt(params.get("$top").trim());
            } catch (NumberFormatException e) {
                throw DvException.badRequest("Invalid value '" + params.get("$top") + "' for $top query option found. "
                        + "The $top query option requires a non-negative integer value.");
            }
        }
        // $top limits the result unless the client pages with odata.maxpagesize, which then wins (CRM_APIS.md).
        if (top != null && !pageSizeApplied) {
            matching = matching.subList(0, Math.min(top, matching.size()));
            pageSize = Math.max(1, Math.min(MAX_PAGE, top));
        }
        int from = 0;
        int page = 1;
        if (cookie != null) {
            Map<String, Object> last = lastRow(t, cookie.get("pagingcookie"), orderColumns);
            while (from < matching.size() && order.compare(matching.get(from), last) <= 0) {
                from++;
            }
            page = Integer.parseInt(cookie.getOrDefault("pagenumber", "2"));
        }
        int to = Math.min(matching.size(), from + pageSize);
        List<Map<String, Object>> value = new ArrayList<>();
        for (Map<String, Object> r : matching.subList(from, to)) {
            value.add(row(t, r, select));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", api.serviceRoot(version) + "/$metadata#" + t.entitySet + selectText(select));
        if ("true".equalsIgnoreCase(params.get("$count"))) {
            body.put("@odata.count", Math.min(total, COUNT_LIMIT));
            body.put("@Microsoft.Dynamics.CRM.totalrecordcount", total > COUNT_LIMIT ? -1 : total);
            body.put("@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded", total > COUNT_LIMIT);
        }
        body.put("value", value);
        if (to < matching.size() && (top == null || pageSizeApplied)) {
            String inner = pagingCookie(page, matching.get(from), matching.get(to - 1), orderColumns,
                    tracking ? startToken : null);
            String outer = "<cookie pagenumber=\"" + (page + 1) + "\" pagingcookie=\""
                    + URLEncoder.encode(inner, StandardCharsets.UTF_8) + "\" istracking=\""
                    + (tracking ? "True" : "False") + "\" />";
            body.put("@odata.nextLink", link(version, t, params, "$skiptoken", outer));
        } else if (tracking) {
            body.put("@odata.deltaLink", link(version, t, onlySelect(params), "$deltatoken", startToken));
        }
        return Reply.ok(body);
    }

    private Reply delta(TableStore store, String version, Map<String, String> params, List<Column> select,
            int pageSize, Map<String, String> cookie) {
        TableSchema t = store.schema;
        if (!t.changeTracking) {
            throw DvException.badRequest("Change tracking is not enabled for the entity " + t.logicalName + ".");
        }
        Matcher m = TOKEN.matcher(params.get("$deltatoken"));
        if (!m.matches()) {
            throw DvException.badRequest("The delta token '" + params.get("$deltatoken") + "' is not valid.");
        }
        long since = Long.parseLong(m.group(1));
        Instant issued;
        try {
            issued = LocalDateTime.parse(m.group(2), TOKEN_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw DvException.badRequest("The delta token '" + params.get("$deltatoken") + "' is not valid.");
        }
        if (issued.plus(api.changeTrackingExpiry()).isBefore(api.host().now())) {
            throw new DvException(400, "0x80044352",
                    "Version stamp associated with the client has expired. Please perform a full sync.");
        }
        String next = cookie != null ? cookie.get("upto") : token();
        long upto = Long.parseLong(next.substring(0, next.indexOf('!')));
        long after = cookie != null ? Long.parseLong(cookie.get("after")) : since;
        record Change(long version, Map<String, Object> row, TableStore.Deleted deleted) {
        }
        List<Change> changes = new ArrayList<>();
        for (Map<String, Object> r : store.snapshot()) {
            long v = (Long) r.get("versionnumber");
            if (v > after && v <= upto) {
                changes.add(new Change(v, r, null));
            }
        }
        for (TableStore.Deleted d : store.deletedAfter(after)) {
            if (d.version() <= upto) {
                changes.add(new Change(d.version(), null, d));
            }
        }
        changes.sort(Comparator.comparingLong(Change::version));
        List<Object> value = new ArrayList<>();
        for (Change c : changes.subList(0, Math.min(pageSize, changes.size()))) {
            if (c.row() != null) {
                value.add(row(t, c.row(), select));
            } else {
                Map<String, Object> d = new LinkedHashMap<>();
                d.put("@odata.context", api.serviceRoot(version) + "/$metadata#" + t.entitySet + "/$deletedEntity");
                d.put("id", c.deleted().id());
                d.put("reason", "deleted");
                value.add(d);
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", api.serviceRoot(version) + "/$metadata#" + t.entitySet + selectText(select)
                + "/$delta");
        if (changes.size() > pageSize) {
            long last = changes.get(pageSize - 1).version();
            Map<String, String> p = onlySelect(params);
            p.put("$deltatoken", params.get("$deltatoken"));
            String inner = "<cookie upto=\"" + next + "\" after=\"" + last + "\" />";
            String outer = "<cookie pagenumber=\"2\" pagingcookie=\"" + URLEncoder.encode(inner, StandardCharsets.UTF_8)
                    + "\" istracking=\"True\" />";
            body.put("@odata.nextLink", link(version, t, p, "$skiptoken", outer));
        } else {
            body.put("@odata.deltaLink", link(version, t, onlySelect(params), "$deltatoken", next));
        }
        body.put("value", value);
        return Reply.ok(body);
    }

    /** A delta token as Dataverse writes it: the row version, '!', and the UTC time it was issued. */
    private String token() {
        return api.currentVersion() + "!" + TOKEN_TIME.format(api.host().now().atOffset(ZoneOffset.UTC));
    }

    /** A row as the Web API answers it: its etag, the selected columns (all without $select) and the primary id. */
    static Map<String, Object> row(TableSchema t, Map<String, Object> r, List<Column> select) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (r.get("versionnumber") != null) {
            out.put("@odata.etag", "W/\"" + r.get("versionnumber") + "\"");
        }
        for (Column c : select.isEmpty() ? t.columns.values() : select) {
            out.put(c.name(), DvValues.render(r.get(c.name())));
        }
        out.put(t.primaryId, r.get(t.primaryId));
        return out;
    }

    static List<Column> select(TableSchema t, String select) {
        List<Column> out = new ArrayList<>();
        if (select != null && !select.isBlank()) {
            for (String name : select.split(",")) {
                out.add(t.require(name.trim()));
            }
        }
        return out;
    }

    static String selectText(List<Column> select) {
        return select.isEmpty() ? "" : "(" + String.join(",", select.stream().map(Column::name).toList()) + ")";
    }

    /** $orderby, then the primary id: Dataverse always breaks ties by the primary key so paging is stable. */
    private static Comparator<Map<String, Object>> orderBy(TableSchema t, String orderBy, List<Column> columns) {
        Comparator<Map<String, Object>> order = null;
        if (orderBy != null && !orderBy.isBlank()) {
            for (String item : orderBy.split(",")) {
                String[] parts = item.trim().split("\\s+");
                Column c = t.require(parts[0]);
                boolean desc = parts.length > 1 && parts[1].equalsIgnoreCase("desc");
                if (parts.length > 2 || parts.length == 2 && !desc && !parts[1].equalsIgnoreCase("asc")) {
                    throw DvException.badRequest("Syntax error at position " + item.length() + " in '" + item.trim()
                            + "'.");
                }
                columns.add(c);
                order = order == null ? DvValues.order(c, desc) : order.thenComparing(DvValues.order(c, desc));
            }
        }
        Column id = t.columns.get(t.primaryId);
        if (!columns.contains(id)) {
            columns.add(id);
            order = order == null ? DvValues.order(id, false) : order.thenComparing(DvValues.order(id, false));
        }
        return order;
    }

    /** The inner paging cookie: the sort values of the page's first and last rows. */
    private static String pagingCookie(int page, Map<String, Object> first, Map<String, Object> last,
            List<Column> columns, String trackingToken) {
        StringBuilder out = new StringBuilder("<cookie page=\"").append(page).append('"');
        if (trackingToken != null) {
            out.append(" token=\"").append(trackingToken).append('"');
        }
        out.append('>');
        for (Column c : columns) {
            out.append('<').append(c.name());
            if (last.get(c.name()) == null) {
                out.append(" isnull=\"1\" />");
            } else {
                out.append(" last=\"").append(cookieValue(c, last.get(c.name()))).append("\" first=\"")
                        .append(cookieValue(c, first.get(c.name()))).append("\" />");
            }
        }
        return out.append("</cookie>").toString();
    }

    private static String cookieValue(Column c, Object v) {
        if (v == null) {
            return "";
        }
        if (c.type() == Column.Type.GUID) {
            return "{" + v.toString().toUpperCase(Locale.ROOT) + "}";
        }
        String text = v instanceof java.math.BigDecimal d ? d.toPlainString() : v.toString();
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The attributes of an outer cookie, plus its inner cookie's token/upto/after attributes. */
    private static Map<String, String> cookie(String skiptoken) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher a = ATTRIBUTE.matcher(skiptoken);
        while (a.find()) {
            out.put(a.group(1), a.group(2));
        }
        if (!out.containsKey("pagingcookie")) {
            throw DvException.badRequest("The $skiptoken value is not a valid paging cookie.");
        }
        String inner = URLDecoder.decode(out.get("pagingcookie"), StandardCharsets.UTF_8);
        out.put("pagingcookie", inner);
        Matcher head = Pattern.compile("^<cookie ([^>]*?)/?>").matcher(inner);
        if (head.find()) {
            Matcher ia = ATTRIBUTE.matcher(head.group(1));
            while (ia.find()) {
                out.putIfAbsent(ia.group(1), ia.group(2));
            }
        }
        return out;
    }

    private static Map<String, Object> lastRow(TableSchema t, String inner, List<Column> columns) {
        Map<String, Object> last = new LinkedHashMap<>();
        Matcher m = COOKIE_COLUMN.matcher(inner);
        while (m.find()) {
            Column c = t.columns.get(m.group(1));
            if (c == null || !columns.contains(c)) {
                throw DvException.badRequest("The $skiptoken does not belong to this query.");
            }
            last.put(c.name(), m.group(2) == null ? null : parseCookie(c, m.group(2)));
        }
        if (!last.keySet().containsAll(columns.stream().map(Column::name).toList())) {
            throw DvException.badRequest("The $skiptoken does not belong to this query.");
        }
        return last;
    }

    private static Object parseCookie(Column c, String text) {
        String v = text.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        return switch (c.type()) {
            case GUID -> v.replace("{", "").replace("}", "").toLowerCase(Locale.ROOT);
            case INTEGER, BIGINT -> Long.parseLong(v);
            case MONEY -> new java.math.BigDecimal(v);
            case BOOLEAN -> Boolean.parseBoolean(v);
            case DATETIME -> Instant.parse(v);
            case STRING -> v;
        };
    }

    private static Map<String, String> onlySelect(Map<String, String> params) {
        Map<String, String> p = new LinkedHashMap<>();
        if (params.containsKey("$select")) {
            p.put("$select", params.get("$select"));
        }
        return p;
    }

    /** The same query with one more (or a replaced) option, as an absolute link. */
    private String link(String version, TableSchema t, Map<String, String> params, String option, String value) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.remove("$skiptoken");
        p.put(option, value);
        StringBuilder out = new StringBuilder(api.serviceRoot(version)).append('/').append(t.entitySet);
        char sep = '?';
        for (Map.Entry<String, String> e : p.entrySet()) {
            out.append(sep).append(e.getKey()).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return out.toString();
    }

    /** Percent-encodes a query value, keeping OData's readable characters. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("%27", "'")
                .replace("%2C", ",").replace("%28", "(").replace("%29", ")");
    }
}
