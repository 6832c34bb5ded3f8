package io.crmsync.common.net;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The hosts an endpoint's settings point at: JDBC URLs (several hosts allowed) and http(s) URLs. */
public final class EndpointHosts {

    private EndpointHosts() {
    }

    /** Host per setting name, in the settings' order. A setting may name several hosts. */
    public static List<Map.Entry<String, String>> of(Map<String, String> settings) {
        List<Map.Entry<String, String>> hosts = new ArrayList<>();
        settings.forEach((key, value) -> {
            if (value == null) {
                return;
            }
            if (value.startsWith("jdbc:")) {
                jdbcHosts(value).forEach(h -> hosts.add(Map.entry(key, h)));
            } else if (value.startsWith("http://") || value.startsWith("https://")) {
                try {
                    String host = URI.create(value).getHost();
                    hosts.add(Map.entry(key, host == null ? "" : host));
                } catch (IllegalArgumentException e) {
                    hosts.add(Map.entry(key, ""));
                }
            }
        });
        return hosts;
    }

    /** {@code jdbc:postgresql://h1:5432,h2/db?x} → h1, h2; {@code [::1]:5432} → [::1]. */
    static List<String> jdbcHosts(String url) {
        int start = url.indexOf("//");
        if (start < 0) {
            return List.of("");
        }
        String rest = url.substring(start + 2);
        int end = rest.length();
        for (char stop : new char[] { '/', '?', ';' }) {
            int at = rest.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        String authority = rest.substring(0, end);
        int userInfo = authority.lastIndexOf('@');
        if (userInfo >= 0) {
            authority = authority.substring(userInfo + 1);
        }
        List<String> hosts = new ArrayList<>();
        for (String part : authority.split(",")) {
            hosts.add(hostOf(part));
        }
        return hosts;
    }

    private static String hostOf(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? hostPort : hostPort.substring(0, close + 1);
        }
        int colon = hostPort.lastIndexOf(':');
        return colon < 0 ? hostPort : hostPort.substring(0, colon);
    }
}
