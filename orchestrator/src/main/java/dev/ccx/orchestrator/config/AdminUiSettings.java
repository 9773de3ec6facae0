package dev.ccx.orchestrator.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the admin dashboard's browser sessions: when the session cookie is {@code Secure}, which proxies'
 * {@code X-Forwarded-Proto} is believed, and how long a session lasts. The orchestrator itself serves plain HTTP;
 * TLS ends at a proxy in front of it, so "TLS is on" is a setting or the word of a trusted proxy.
 *
 * @param cookieSecure   {@code ALWAYS}: always Secure; {@code NEVER}: never; {@code AUTO}: when the request came
 *                       over TLS as far as the orchestrator can tell (its own scheme, or a trusted proxy's header)
 * @param trustedProxies peers whose {@code X-Forwarded-Proto} is believed; empty: nobody's
 * @param sessionTtl     a session's lifetime from login (no sliding renewal)
 */
public record AdminUiSettings(CookieSecure cookieSecure, List<IpNetwork> trustedProxies, Duration sessionTtl) {

    /** When the dashboard's session cookie carries the {@code Secure} attribute. */
    public enum CookieSecure { AUTO, ALWAYS, NEVER }

    public static final AdminUiSettings DEFAULTS =
            new AdminUiSettings(CookieSecure.AUTO, List.of(), Duration.ofHours(8));

    public AdminUiSettings {
        trustedProxies = List.copyOf(trustedProxies);
        if (sessionTtl.isNegative() || sessionTtl.isZero()) {
            throw new IllegalArgumentException("session lifetime must be positive");
        }
    }

    /** Reads {@code CCX_ADMIN_COOKIE_SECURE}, {@code CCX_TRUSTED_PROXIES} and {@code CCX_ADMIN_SESSION_TTL}. */
    public static AdminUiSettings read(EnvReader r) {
        CookieSecure secure = switch (r.string("CCX_ADMIN_COOKIE_SECURE", "auto").toLowerCase(Locale.ROOT)) {
            case "auto" -> CookieSecure.AUTO;
            case "true" -> CookieSecure.ALWAYS;
            case "false" -> CookieSecure.NEVER;
            default -> {
                r.error("CCX_ADMIN_COOKIE_SECURE: use auto, true or false");
                yield CookieSecure.AUTO;
            }
        };
        List<IpNetwork> proxies = new ArrayList<>();
        for (String entry : r.list("CCX_TRUSTED_PROXIES")) {
            try {
                proxies.add(IpNetwork.parse(entry));
            } catch (IllegalArgumentException e) {
                r.error("CCX_TRUSTED_PROXIES: " + e.getMessage());
            }
        }
        Duration ttl = r.positiveDuration("CCX_ADMIN_SESSION_TTL", DEFAULTS.sessionTtl());
        return new AdminUiSettings(secure, proxies, ttl);
    }

    /**
     * Whether a request reached the client side over TLS: {@code scheme} is what the orchestrator itself saw,
     * {@code forwardedProto} the {@code X-Forwarded-Proto} header, believed only from a trusted {@code peer}.
     */
    public boolean overTls(String scheme, String peer, String forwardedProto) {
        if ("https".equalsIgnoreCase(scheme)) {
            return true;
        }
        if (forwardedProto == null || peer == null || trustedProxies.stream().noneMatch(n -> n.contains(peer))) {
            return false;
        }
        return "https".equalsIgnoreCase(forwardedProto.split(",", 2)[0].trim());
    }

    /** Whether the session cookie set in answer to such a request is {@code Secure}. */
    public boolean secureCookie(String scheme, String peer, String forwardedProto) {
        return switch (cookieSecure) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> overTls(scheme, peer, forwardedProto);
        };
    }
}
