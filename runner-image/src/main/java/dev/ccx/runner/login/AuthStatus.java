package dev.ccx.runner.login;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the login state of both CLIs from the user's homes without running them: Claude's
 * {@code .credentials.json} ({@code claudeAiOauth.expiresAt}), Codex's {@code auth.json} (JWT {@code exp}), and API
 * keys the operator passes to the CLIs.
 */
public final class AuthStatus {

    private static final long MAX_FILE = 1024 * 1024;

    private final Path claudeHome;
    private final Path codexHome;
    private final Map<String, String> cliEnv;
    private final Clock clock;

    public AuthStatus(Path claudeHome, Path codexHome, Map<String, String> cliEnv, Clock clock) {
        this.claudeHome = claudeHome;
        this.codexHome = codexHome;
        this.cliEnv = Map.copyOf(cliEnv);
        this.clock = clock;
    }

    public CliLogin claude() {
        if (has("ANTHROPIC_API_KEY") || has("ANTHROPIC_AUTH_TOKEN")) {
            return new CliLogin(true, Optional.of("api_key"), Optional.empty(), Optional.empty());
        }
        if (has("CLAUDE_CODE_OAUTH_TOKEN")) {
            return new CliLogin(true, Optional.of("oauth_token"), Optional.empty(), Optional.empty());
        }
        Optional<JsonNode> oauth = read(claudeHome.resolve(".credentials.json")).map(n -> n.path("claudeAiOauth"));
        if (oauth.isEmpty() || oauth.get().path("accessToken").asText("").isEmpty()) {
            return CliLogin.NONE;
        }
        JsonNode expires = oauth.get().path("expiresAt");
        Optional<Long> expiresAt = expires.isNumber() ? Optional.of(expires.asLong()) : Optional.empty();
        return withExpiry("claude.ai", expiresAt, oauth.get().path("refreshToken").isTextual());
    }

    public CliLogin codex() {
        if (has("OPENAI_API_KEY") || has("CODEX_API_KEY")) {
            return new CliLogin(true, Optional.of("api_key"), Optional.empty(), Optional.empty());
        }
        Optional<JsonNode> auth = read(codexHome.resolve("auth.json"));
        if (auth.isEmpty()) {
            return CliLogin.NONE;
        }
        if (auth.get().path("OPENAI_API_KEY").isTextual() && !auth.get().path("OPENAI_API_KEY").asText().isEmpty()) {
            return new CliLogin(true, Optional.of("api_key"), Optional.empty(), Optional.empty());
        }
        JsonNode tokens = auth.get().path("tokens");
        if (!tokens.isObject()) {
            return CliLogin.NONE;
        }
        Optional<Long> expiresAt = jwtExpiry(tokens.path("access_token").asText(""))
                .or(() -> jwtExpiry(tokens.path("id_token").asText("")));
        return withExpiry("auth_json", expiresAt, tokens.path("refresh_token").isTextual());
    }

    /** Logged in unless the credential has expired and cannot be refreshed. */
    private CliLogin withExpiry(String method, Optional<Long> expiresAt, boolean refreshable) {
        Optional<Boolean> expired = expiresAt.map(ms -> clock.millis() > ms);
        boolean loggedIn = !expired.orElse(false) || refreshable;
        return new CliLogin(loggedIn, Optional.of(method), expiresAt, expired);
    }

    /** The {@code exp} claim of a JWT in epoch milliseconds; the signature is not checked (display only). */
    static Optional<Long> jwtExpiry(String jwt) {
        String[] parts = jwt.split("\\.");
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(parts[1].replace('+', '-').replace('/', '_'));
            JsonNode exp = Json.parse(payload).path("exp");
            return exp.isNumber() ? Optional.of(exp.asLong() * 1000) : Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private boolean has(String name) {
        String v = cliEnv.get(name);
        return v != null && !v.isBlank();
    }

    private static Optional<JsonNode> read(Path file) {
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.size(file) > MAX_FILE) {
                return Optional.empty();
            }
            return Optional.ofNullable(Json.parse(Files.readString(file, StandardCharsets.UTF_8)
                    .getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
