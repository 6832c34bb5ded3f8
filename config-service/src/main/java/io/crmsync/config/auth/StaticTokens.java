package io.crmsync.config.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.Startup;
import jakarta.inject.Singleton;

/**
 * The configured static tokens, checked at startup and kept only as SHA-256 digests. A presented token is
 * compared with every configured one in constant time, so neither a match's position nor a common prefix
 * shows in the response time.
 */
@Startup
@Singleton
public class StaticTokens {

    /** 32 characters of the token alphabet carry well over 128 bits when generated at random. */
    public static final int MIN_LENGTH = 32;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]{1,64}");
    /** RFC 6750's b64token: what may follow "Bearer " in an Authorization header. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");
    private static final Logger LOG = Logger.getLogger(StaticTokens.class);

    /** A token that matched: the caller's name and roles. */
    public record Holder(String name, Set<String> roles) {
    }

    private record Entry(Holder holder, byte[] digest) {
    }

    private final List<Entry> entries;

    StaticTokens(AuthConfig config, @ConfigProperty(name = "quarkus.oidc.tenant-enabled") boolean oidcEnabled) {
        this.entries = entries(config.staticTokens());
        LOG.infof("admin API authentication static_tokens=%d oidc=%s", entries.size(),
                oidcEnabled ? "on" : "off");
        if (entries.isEmpty() && !oidcEnabled) {
            LOG.warn("no static token is configured and OIDC is off: every admin API call will be refused with 401;"
                    + " set crmsync.auth.static-tokens.<name>.token/.roles or QUARKUS_OIDC_TENANT_ENABLED=true");
        }
    }

    /** The holder of {@code presented}, when it is one of the configured tokens. */
    public Optional<Holder> match(String presented) {
        byte[] digest = sha256(presented);
        Holder found = null;
        for (Entry entry : entries) {
            // No early exit: every presented token costs the same number of comparisons.
            if (MessageDigest.isEqual(entry.digest(), digest) && found == null) {
                found = entry.holder();
            }
        }
        return Optional.ofNullable(found);
    }

    private static List<Entry> entries(Map<String, AuthConfig.StaticTokenConfig> configured) {
        List<Entry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        new TreeMap<>(configured).forEach((name, token) -> {
            String property = "crmsync.auth.static-tokens." + name;
            if (!NAME.matcher(name).matches()) {
                throw new IllegalStateException(property + ": a token name is 1 to 64 lower-case letters or digits");
            }
            checkToken(property + ".token", token.token());
            if (!seen.add(token.token())) {
                throw new IllegalStateException(property + ".token: the same token is configured under another name");
            }
            entries.add(new Entry(new Holder(name, roles(property + ".roles", token.roles())), sha256(token.token())));
        });
        return List.copyOf(entries);
    }

    private static void checkToken(String property, String token) {
        // The message names the property only: the value is a secret.
        if (token.length() < MIN_LENGTH) {
            throw new IllegalStateException(property + ": a static token needs at least " + MIN_LENGTH
                    + " characters (e.g. `openssl rand -base64 32`)");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw new IllegalStateException(property + ": a static token may hold only letters, digits and -._~+/"
                    + " (and trailing =)");
        }
    }

    private static Set<String> roles(String property, List<String> roles) {
        Set<String> checked = new HashSet<>();
        for (String role : roles) {
            String trimmed = role.trim();
            if (!Roles.ALL.contains(trimmed)) {
                throw new IllegalStateException(property + ": unknown role '" + trimmed + "'; the roles are "
                        + new TreeSet<>(Roles.ALL));
            }
            checked.add(trimmed);
        }
        return Set.copyOf(checked);
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
