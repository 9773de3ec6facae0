package dev.ccx.orchestrator.auth;

import dev.ccx.orchestrator.http.ApiException;
import java.util.regex.Pattern;

/**
 * A validated end-user id. Only printable ASCII from a small alphabet is accepted, so an id can never
 * smuggle a path, a label or a container name; {@link dev.ccx.orchestrator.slot.SlotNames} maps it to
 * DNS-safe names through a hash.
 */
public record UserId(String value) {
    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]*");

    public UserId {
        String problem = problem(value);
        if (problem != null) {
            throw ApiException.badRequest("invalid_user_id", problem);
        }
    }

    /** Why {@code raw} is not a valid user id, or null when it is. */
    public static String problem(String raw) {
        if (raw == null || raw.isEmpty()) {
            return "user id is missing or empty";
        }
        if (raw.length() > MAX_LENGTH) {
            return "user id is longer than " + MAX_LENGTH + " characters";
        }
        if (!ALLOWED.matcher(raw).matches()) {
            return "user id may contain only ASCII letters, digits and . _ @ + - and must start with a letter or digit";
        }
        if (raw.contains("..")) {
            return "user id must not contain '..'";
        }
        return null;
    }

    public static UserId parse(String raw) {
        return new UserId(raw);
    }

    @Override
    public String toString() {
        return value;
    }
}
