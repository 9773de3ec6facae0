package dev.ccx.orchestrator.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * A logged-in dashboard session: which admin credential opened it, its CSRF token (the page sends it back in
 * {@code X-CSRF-Token} on every state-changing call) and when it ends.
 */
public record AdminSession(String credentialId, String csrfToken, Instant expiresAt) {

    /** Compares in constant time; a missing token never matches. */
    public boolean csrfMatches(String presented) {
        return presented != null && MessageDigest.isEqual(csrfToken.getBytes(StandardCharsets.UTF_8),
                presented.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "AdminSession[credential=" + credentialId + ", expiresAt=" + expiresAt + "]";
    }
}
