package io.crmsync.config.integration.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.ConfigProvider;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.net.HostPolicy;

/** Checks of the integration settings that span fields or need more than an annotation. */
public final class SettingsRules {

    // Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is the mail server's business.
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private SettingsRules() {
    }

    public static void checkAccountLists(List<String> allow, List<String> deny) {
        Map<String, Integer> allowed = indexed("accountAllowList", allow);
        Map<String, Integer> denied = indexed("accountDenyList", deny);
        for (Map.Entry<String, Integer> d : denied.entrySet()) {
            Integer inAllow = allowed.get(d.getKey());
            if (inAllow != null) {
                throw CrmsyncException.invalidField("accountDenyList[" + d.getValue() + "]",
                        "is also in accountAllowList[" + inAllow + "]; an account id may be in one list only");
            }
        }
    }

    public static void checkRecipients(List<NotificationRecipient> recipients) {
        for (int i = 0; i < recipients.size(); i++) {
            NotificationRecipient r = recipients.get(i);
            String field = "notificationRecipients[" + i + "].address";
            if (r.type() == RecipientType.EMAIL && (r.address().length() > 254 || !EMAIL.matcher(r.address()).matches())) {
                throw CrmsyncException.invalidField(field, "must be an e-mail address like ops@example.com");
            }
            if (r.type() == RecipientType.WEBHOOK) {
                checkWebhook(field, r.address());
            }
        }
    }

    /**
     * An https URL with a host and no user information, on a host that is not internal (loopback, metadata,
     * private ranges): exception-service posts to it. Plain http, and internal hosts, only for hosts an operator
     * allow-lists in {@code crmsync.notifications.allowed-hosts}, which exception-service applies again when it
     * sends.
     */
    private static void checkWebhook(String field, String address) {
        URI uri;
        try {
            uri = new URI(address);
        } catch (URISyntaxException e) {
            uri = null;
        }
        String scheme = uri == null ? null : uri.getScheme();
        if (uri == null || uri.getHost() == null || uri.getRawUserInfo() != null
                || !("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
            throw CrmsyncException.invalidField(field,
                    "must be an https URL with a host and without user information, like https://hooks.example.com/crmsync");
        }
        HostPolicy policy = WebhookHosts.POLICY;
        if ("http".equalsIgnoreCase(scheme) && !policy.allowListed(uri.getHost())) {
            throw CrmsyncException.invalidField(field, "must be an https URL; plain http is accepted only for hosts "
                    + "an operator allow-lists (crmsync.notifications.allowed-hosts)");
        }
        Optional<String> refusal = policy.refusal(uri.getHost());
        if (refusal.isPresent()) {
            throw CrmsyncException.invalidField(field, "host '" + uri.getHost() + "' " + refusal.get());
        }
    }

    /** The operator's allow-list of webhook hosts, read from configuration on first use (holder idiom). */
    private static final class WebhookHosts {
        static final HostPolicy POLICY = new HostPolicy("crmsync.notifications.allowed-hosts", ConfigProvider.getConfig()
                .getOptionalValues("crmsync.notifications.allowed-hosts", String.class).orElse(List.of()));
    }

    private static Map<String, Integer> indexed(String field, List<String> ids) {
        Map<String, Integer> index = new HashMap<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < ids.size(); i++) {
            if (!seen.add(ids.get(i))) {
                throw CrmsyncException.invalidField(field + "[" + i + "]", "is listed twice");
            }
            index.put(ids.get(i), i);
        }
        return index;
    }

}
