package dev.ccx.orchestrator.admin;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One CLI's login as a runner last reported it. The runner is untrusted, so only well-typed fields pass: a short
 * method word, an epoch-millisecond expiry within a sane range, booleans.
 */
public record CliLoginState(boolean loggedIn, Optional<String> authMethod, Optional<Instant> expiresAt,
                            Optional<Boolean> reportedExpired) {
    private static final Pattern METHOD = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final long MAX_EPOCH_MILLIS = 32_503_680_000_000L; // year 3000

    public CliLoginState {
        Objects.requireNonNull(authMethod);
        Objects.requireNonNull(expiresAt);
        Objects.requireNonNull(reportedExpired);
    }

    /** Reads one CLI's entry of the runner's {@code GET /v1/auth/status} answer. */
    public static CliLoginState fromRunner(JsonNode node) {
        String method = node.path("authMethod").isTextual() ? node.path("authMethod").asText() : "";
        JsonNode expires = node.path("expiresAt");
        Optional<Instant> expiresAt = expires.isIntegralNumber() && expires.canConvertToLong()
                && expires.asLong() > 0 && expires.asLong() < MAX_EPOCH_MILLIS
                ? Optional.of(Instant.ofEpochMilli(expires.asLong())) : Optional.empty();
        Optional<Boolean> expired = node.path("expired").isBoolean()
                ? Optional.of(node.path("expired").asBoolean()) : Optional.empty();
        return new CliLoginState(node.path("loggedIn").isBoolean() && node.path("loggedIn").asBoolean(),
                METHOD.matcher(method).matches() ? Optional.of(method) : Optional.empty(), expiresAt, expired);
    }

    /** Whether the credential has expired by {@code now}: from the expiry when known, else as the runner said. */
    public Optional<Boolean> expiredAt(Instant now) {
        return expiresAt.map(now::isAfter).or(() -> reportedExpired);
    }
}
