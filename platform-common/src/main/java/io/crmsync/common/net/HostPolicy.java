package io.crmsync.common.net;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Guards against server-side request forgery: endpoint hosts may not be loopback, link-local (cloud metadata),
 * private, unique-local or unspecified addresses unless an operator allow-lists them. Entries of the allow-list
 * are host names ({@code db.internal}), wildcard suffixes ({@code *.svc.cluster.local}), addresses or CIDR
 * ranges ({@code 10.20.0.0/16}).
 */
public final class HostPolicy {

    private static final List<String> METADATA_NAMES = List.of("metadata.google.internal", "metadata");

    private final List<String> allowed;
    private final String allowListProperty;

    /** The policy of endpoint hosts, allow-listed by {@code crmsync.endpoints.allowed-hosts}. */
    public HostPolicy(List<String> allowed) {
        this("crmsync.endpoints.allowed-hosts", allowed);
    }

    /** A policy whose refusals name {@code allowListProperty}, the setting an operator extends. */
    public HostPolicy(String allowListProperty, List<String> allowed) {
        this.allowListProperty = allowListProperty;
        this.allowed = allowed.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.allowed.stream().filter(e -> e.contains("/")).forEach(Cidr::parse);
    }

    /** Why {@code host} is refused, or empty when it may be used. Names are resolved to check their addresses. */
    public Optional<String> refusal(String host) {
        String name = stripBrackets(host.trim().toLowerCase(Locale.ROOT));
        if (name.isEmpty()) {
            return Optional.of("has no host");
        }
        if (allowedByName(name)) {
            return Optional.empty();
        }
        if (METADATA_NAMES.contains(name)) {
            return Optional.of("is a cloud metadata host");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(name);
        } catch (UnknownHostException e) {
            // Not resolvable here; the worker checks again when it connects.
            return Optional.empty();
        }
        for (InetAddress address : addresses) {
            Optional<String> kind = restrictedKind(address);
            if (kind.isPresent() && !allowedByAddress(address)) {
                return Optional.of("resolves to a " + kind.get() + " address; an operator must allow-list it "
                        + "(" + allowListProperty + ")");
            }
        }
        return Optional.empty();
    }

    /**
     * Whether an operator allow-listed the host itself (by name, or as a literal address in a listed address or
     * range), which also lets its URLs use plain http: such a host is on the operator's own network.
     */
    public boolean allowListed(String host) {
        String name = stripBrackets(host.trim().toLowerCase(Locale.ROOT));
        if (allowedByName(name)) {
            return true;
        }
        if (!Cidr.isLiteral(name)) {
            return false;
        }
        try {
            return allowedByAddress(InetAddress.getByName(name));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private boolean allowedByName(String name) {
        for (String entry : allowed) {
            if (entry.equals(name) || (entry.startsWith("*.") && name.endsWith(entry.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private boolean allowedByAddress(InetAddress address) {
        for (String entry : allowed) {
            if (entry.contains("/") ? Cidr.parse(entry).contains(address) : sameAddress(entry, address)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameAddress(String entry, InetAddress address) {
        if (!Cidr.isLiteral(entry)) {
            return false;
        }
        try {
            return InetAddress.getByName(entry).equals(address);
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static Optional<String> restrictedKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("loopback");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("link-local");
        }
        if (address.isAnyLocalAddress()) {
            return Optional.of("unspecified");
        }
        if (address.isSiteLocalAddress() || Cidr.parse("fc00::/7").contains(address)
                || Cidr.parse("100.64.0.0/10").contains(address)) {
            return Optional.of("private");
        }
        return Optional.empty();
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
