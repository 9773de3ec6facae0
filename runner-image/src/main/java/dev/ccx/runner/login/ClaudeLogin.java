package dev.ccx.runner.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.CliEnvironment;
import dev.ccx.runner.cli.Executables;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.cli.Redactor;
import dev.ccx.runner.config.CliSettings;
import dev.ccx.runner.config.LoginSettings;
import dev.ccx.runner.config.Locations;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The user's Claude login, handled in the user's runner: OAuth with PKCE (start, then complete with the pasted
 * code; the token exchange happens here), credential import, status and logout. The result is Claude Code's own
 * {@code .credentials.json} in the user's Claude home, written 0600 and atomically.
 */
public final class ClaudeLogin {

    public static final Duration SESSION_TTL = Duration.ofMinutes(10);
    static final String REDIRECT_URI = "https://console.anthropic.com/oauth/code/callback";
    static final List<String> SCOPES = List.of("org:create_api_key", "user:profile", "user:inference");
    static final String CREDENTIALS = ".credentials.json";
    private static final Duration LOGOUT_TIMEOUT = Duration.ofSeconds(10);

    private final LoginSettings settings;
    private final CliSettings cli;
    private final Locations locations;
    private final AuthStatus status;
    private final TokenExchange exchange;
    private final ShortCommand commands;
    private final Clock clock;
    private final LoginSessions<Pkce> sessions;

    public ClaudeLogin(LoginSettings settings, CliSettings cli, Locations locations, AuthStatus status,
            TokenExchange exchange, ShortCommand commands, Clock clock) {
        this.settings = settings;
        this.cli = cli;
        this.locations = locations;
        this.status = status;
        this.exchange = exchange;
        this.commands = commands;
        this.clock = clock;
        this.sessions = new LoginSessions<>(SESSION_TTL, clock, pkce -> { });
    }

    /** Opens a login session: {@code {"session_id", "url"}} (the URL to open in a browser). */
    public ObjectNode start() {
        Pkce pkce = Pkce.generate(new SecureRandom());
        String id = sessions.open(pkce);
        String base = settings.claudeAuthorizeUrl();
        String url = base + (base.contains("?") ? "&" : "?") + "code=true"
                + "&client_id=" + enc(settings.claudeClientId()) + "&response_type=code"
                + "&redirect_uri=" + enc(REDIRECT_URI) + "&scope=" + enc(String.join(" ", SCOPES))
                + "&code_challenge=" + enc(pkce.challenge()) + "&code_challenge_method=S256"
                + "&state=" + enc(pkce.state());
        return Json.object().put("session_id", id).put("url", url);
    }

    /**
     * Finishes session {@code body.session_id} with the pasted {@code body.code}: exchanges it for tokens and
     * writes them. A session is used up by a success; a failed attempt can be retried until it expires.
     */
    public ObjectNode complete(JsonNode body) {
        String id = text(body, "session_id").orElseThrow(() ->
                new AgentException(Reason.MISSING_FIELD, "session_id is required"));
        Pkce pkce = sessions.claim(id).orElseThrow(() ->
                new AgentException(Reason.LOGIN_SESSION_UNKNOWN, "login session expired or unknown"));
        boolean done = false;
        try {
            PastedCode pasted = PastedCode.parse(body.path("code").asText("")).orElseThrow(() ->
                    new AgentException(Reason.MISSING_FIELD, "authorization code is required"));
            if (pasted.state().isPresent() && !pasted.state().get().equals(pkce.state())) {
                throw new AgentException(Reason.STATE_MISMATCH,
                        "state mismatch — paste came from a different session");
            }
            JsonNode tokens = exchange.exchange(Json.object().put("grant_type", "authorization_code")
                    .put("client_id", settings.claudeClientId()).put("code", pasted.code())
                    .put("redirect_uri", REDIRECT_URI).put("code_verifier", pkce.verifier())
                    .put("state", pkce.state()));
            ObjectNode oauth = writeTokens(tokens);
            done = true;
            CliLogin login = status.claude();
            ObjectNode out = Json.object().put("ok", true).put("loggedIn", login.loggedIn());
            out.set("authMethod", Json.text(login.authMethod().orElse(null)));
            out.set("expiresAt", oauth.get("expiresAt"));
            out.set("scopes", oauth.get("scopes"));
            return out;
        } finally {
            if (done) {
                sessions.finish(id);
            } else {
                sessions.release(id);
            }
        }
    }

    /** Imports {@code body.credentials} (Claude Code's {@code .credentials.json} content) as is. */
    public ObjectNode importCredentials(JsonNode body) {
        JsonNode credentials = body.get("credentials");
        if (credentials == null || !credentials.isObject()) {
            throw new AgentException(Reason.MISSING_FIELD, "credentials must be an object");
        }
        JsonNode token = credentials.path("claudeAiOauth").path("accessToken");
        if (!token.isTextual() || token.asText().isEmpty()) {
            throw new AgentException(Reason.MISSING_FIELD, "credentials.claudeAiOauth.accessToken missing");
        }
        try {
            CredentialFiles.write(locations.claudeHome(), CREDENTIALS, Json.bytes(credentials));
        } catch (IOException e) {
            throw new AgentException(Reason.WRITE_FAILED, "write failed: cannot write " + CREDENTIALS, e);
        }
        CliLogin login = status.claude();
        ObjectNode out = Json.object().put("ok", login.loggedIn()).put("loggedIn", login.loggedIn());
        out.set("authMethod", Json.text(login.authMethod().orElse(null)));
        return out;
    }

    /** {@code {"loggedIn", "authMethod", "apiProvider", "expiresAt", "expired"}}, read from the home. */
    public ObjectNode status() {
        ObjectNode out = LoginJson.put(Json.object(), status.claude());
        out.put("apiProvider", cli.passThrough().containsKey("CLAUDE_CODE_USE_BEDROCK") ? "bedrock"
                : cli.passThrough().containsKey("CLAUDE_CODE_USE_VERTEX") ? "vertex" : "firstParty");
        return out;
    }

    /** Runs {@code claude auth logout} (which also tries to revoke the token) and removes the credentials file. */
    public ObjectNode logout() {
        String output = "";
        Optional<Path> program = Executables.find(cli.claudeBin(), cli.path());
        if (program.isPresent()) {
            try {
                output = commands.run(List.of(program.get().toString(), "auth", "logout"),
                        CliEnvironment.build(Provider.CLAUDE, cli, locations), locations.home(), Optional.empty(),
                        LOGOUT_TIMEOUT).output();
            } catch (IOException e) {
                output = "";
            }
        }
        Path file = locations.claudeHome().resolve(CREDENTIALS);
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new AgentException(Reason.WRITE_FAILED, "cannot remove " + CREDENTIALS, e);
        }
        String cleaned = Redactor.clean(output);
        return Json.object().put("ok", !Files.exists(file))
                .put("stdout", cleaned.length() > 400 ? cleaned.substring(cleaned.length() - 400) : cleaned);
    }

    /** Merges the new tokens into {@code .credentials.json} (other top-level entries are kept). */
    private ObjectNode writeTokens(JsonNode tokens) {
        ObjectNode oauth = Json.object().put("accessToken", tokens.path("access_token").asText());
        oauth.set("refreshToken", Json.text(tokens.path("refresh_token").textValue()));
        JsonNode expiresIn = tokens.path("expires_in");
        if (expiresIn.canConvertToLong()) {
            oauth.put("expiresAt", (clock.instant().getEpochSecond() + expiresIn.asLong()) * 1000);
        } else {
            oauth.putNull("expiresAt");
        }
        ArrayNode scopes = oauth.putArray("scopes");
        String scope = tokens.path("scope").asText("").strip();
        (scope.isEmpty() ? SCOPES : List.of(scope.split("\\s+"))).forEach(scopes::add);
        Path home = locations.claudeHome();
        ObjectNode file = CredentialFiles.readObject(home.resolve(CREDENTIALS)).orElseGet(Json::object);
        file.set("claudeAiOauth", oauth);
        try {
            CredentialFiles.write(home, CREDENTIALS, Json.bytes(file));
        } catch (IOException e) {
            throw new LoginFailure(Reason.WRITE_FAILED, "write failed: cannot write " + CREDENTIALS);
        }
        return oauth;
    }

    private static Optional<String> text(JsonNode body, String field) {
        JsonNode v = body.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? Optional.of(v.asText()) : Optional.empty();
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
