package dev.ccx.orchestrator.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's browser sessions, in memory only (a restart logs everyone out): an opaque 256-bit random id per
 * login, kept as its SHA-256 digest, with a fixed lifetime and at most {@link #MAX_SESSIONS} at once.
 */
public final class AdminSessions {
    public static final int MAX_SESSIONS = 256;
    private static final int MAX_ID_LENGTH = 128;
    private final Clock clock;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, AdminSession> byDigest = new LinkedHashMap<>();

    public AdminSessions(Clock clock, Duration ttl) {
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A session opened by a login: the cookie value and what the server keeps. */
    public record Opened(String id, AdminSession session) {
        @Override
        public String toString() {
            return "Opened[" + session + "]";
        }
    }

    /** Opens a session for the admin credential {@code credentialId}. */
    public synchronized Opened open(String credentialId) {
        Instant now = clock.instant();
        byDigest.values().removeIf(s -> !s.expiresAt().isAfter(now));
        Iterator<String> oldest = byDigest.keySet().iterator();
        while (byDigest.size() >= MAX_SESSIONS && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
        String id = token();
        AdminSession session = new AdminSession(credentialId, token(), now.plus(ttl));
        byDigest.put(digest(id), session);
        return new Opened(id, session);
    }

    /** The live session a cookie value names; empty for unknown, malformed or expired ones. */
    public synchronized Optional<AdminSession> find(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return Optional.empty();
        }
        String key = digest(id);
        AdminSession session = byDigest.get(key);
        if (session != null && !session.expiresAt().isAfter(clock.instant())) {
            byDigest.remove(key);
            return Optional.empty();
        }
        return Optional.ofNullable(session);
    }

    /** Ends the session (logout); unknown ids are ignored. */
    public synchronized void close(String id) {
        if (id != null && id.length() <= MAX_ID_LENGTH) {
            byDigest.remove(digest(id));
        }
    }

    public Duration ttl() {
        return ttl;
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String digest(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
