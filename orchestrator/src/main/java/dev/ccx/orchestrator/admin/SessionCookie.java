package dev.ccx.orchestrator.admin;

import java.time.Duration;

/**
 * Writes the dashboard's session cookie: {@code HttpOnly} (no script reads it), {@code SameSite=Strict} (no other
 * site's page sends it), scoped to {@code /admin}, and {@code Secure} when TLS is on.
 */
public final class SessionCookie {
    public static final String NAME = "ccx_admin";
    public static final String PATH = "/admin";

    private SessionCookie() {}

    /** The {@code Set-Cookie} value that stores {@code id} for {@code maxAge}. */
    public static String set(String id, Duration maxAge, boolean secure) {
        return NAME + "=" + id + "; Path=" + PATH + "; Max-Age=" + maxAge.toSeconds() + attributes(secure);
    }

    /** The {@code Set-Cookie} value that deletes the cookie. */
    public static String clear(boolean secure) {
        return NAME + "=; Path=" + PATH + "; Max-Age=0" + attributes(secure);
    }

    private static String attributes(boolean secure) {
        return "; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }
}
