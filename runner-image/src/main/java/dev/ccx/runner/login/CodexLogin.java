package dev.ccx.runner.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.CliEnvironment;
import dev.ccx.runner.cli.Executables;
import dev.ccx.runner.cli.ProcessTree;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.config.CliSettings;
import dev.ccx.runner.config.LoginSettings;
import dev.ccx.runner.config.Locations;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The user's Codex login, handled in the user's runner: device login through the real CLI ({@code codex login
 * --device-auth}, which keeps running until the user approves the code), import of an access token or an
 * {@code auth.json}, status and logout. Only one device login runs at a time.
 */
public final class CodexLogin {

    public static final Duration SESSION_TTL = Duration.ofMinutes(15);
    static final String AUTH_FILE = "auth.json";
    private static final Duration IMPORT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration LOGOUT_TIMEOUT = Duration.ofSeconds(10);

    private final LoginSettings settings;
    private final CliSettings cli;
    private final Locations locations;
    private final AuthStatus status;
    private final ShortCommand commands;
    private final ProcessTree tree;
    private final Duration startWait;
    private final Duration completeWait;
    private final LoginSessions<DeviceLogin> sessions;

    public CodexLogin(LoginSettings settings, CliSettings cli, Locations locations, AuthStatus status,
            ProcessTree tree, Clock clock, Duration startWait, Duration completeWait) {
        this.settings = settings;
        this.cli = cli;
        this.locations = locations;
        this.status = status;
        this.tree = tree;
        this.commands = new ShortCommand(tree);
        this.startWait = startWait;
        this.completeWait = completeWait;
        this.sessions = new LoginSessions<>(SESSION_TTL, clock, DeviceLogin::stop);
    }

    /** Starts a device login: {@code {"session_id", "url", "user_code"}}; a pending one is cancelled first. */
    public ObjectNode start() {
        String program = program();
        sessions.closeAll();
        List<String> argv = new ArrayList<>(List.of(program, "login", "--device-auth"));
        settings.codexIssuer().ifPresent(issuer -> argv.addAll(List.of("--experimental_issuer", issuer)));
        DeviceLogin login;
        try {
            login = DeviceLogin.start(argv, env(), locations.home(), tree);
        } catch (IOException e) {
            throw new AgentException(Reason.NO_DEVICE_CODE, "codex login could not be started", e);
        }
        Optional<DevicePrompt> prompt = login.awaitPrompt(startWait);
        if (prompt.isEmpty()) {
            login.stop();
            throw new AgentException(Reason.NO_DEVICE_CODE, "codex login did not produce a device code");
        }
        String id = sessions.open(login);
        return Json.object().put("session_id", id).put("url", prompt.get().url())
                .put("user_code", prompt.get().userCode());
    }

    /** 200 once the CLI finished the login, 202 while the user has not approved the code yet. */
    public LoginReply complete(JsonNode body) {
        JsonNode idNode = body.get("session_id");
        if (idNode == null || !idNode.isTextual() || idNode.asText().isBlank()) {
            throw new AgentException(Reason.MISSING_FIELD, "session_id is required");
        }
        String id = idNode.asText();
        DeviceLogin login = sessions.peek(id).orElseThrow(() ->
                new AgentException(Reason.LOGIN_SESSION_UNKNOWN, "login session expired or unknown"));
        OptionalInt exit = login.awaitExit(completeWait);
        if (exit.isEmpty()) {
            return new LoginReply(202, Json.object().put("ok", false).put("status", "pending"));
        }
        sessions.finish(id);
        if (exit.getAsInt() != 0 || !status.codex().loggedIn()) {
            throw new LoginFailure(Reason.LOGIN_FAILED, "codex login did not complete");
        }
        return new LoginReply(200, Json.object().put("ok", true).put("loggedIn", true));
    }

    /** Imports {@code access_token} (through {@code codex login --with-access-token}) or {@code auth_json}. */
    public ObjectNode importCredentials(JsonNode body) {
        JsonNode token = body.get("access_token");
        if (token != null && token.isTextual() && !token.asText().isBlank()) {
            ShortCommand.Result result;
            try {
                result = commands.run(List.of(program(), "login", "--with-access-token"), env(), locations.home(),
                        Optional.of(token.asText().strip() + "\n"), IMPORT_TIMEOUT);
            } catch (IOException e) {
                throw new AgentException(Reason.INTERNAL, "codex credential import failed", e);
            }
            if (!result.ok()) {
                throw new LoginFailure(Reason.LOGIN_FAILED, "codex credential import failed");
            }
        } else if (body.has("auth_json")) {
            writeAuthJson(body.get("auth_json"));
        } else {
            throw new AgentException(Reason.MISSING_FIELD, "access_token or auth_json is required");
        }
        return Json.object().put("ok", true).put("loggedIn", status.codex().loggedIn());
    }

    /** {@code {"loggedIn", "authMethod", "cliAvailable", "expiresAt", "expired"}}, read from the home. */
    public ObjectNode status() {
        return LoginJson.put(Json.object(), status.codex())
                .put("cliAvailable", Executables.find(cli.codexBin(), cli.path()).isPresent());
    }

    /** Cancels pending device logins, runs {@code codex logout} and removes {@code auth.json}. */
    public ObjectNode logout() {
        sessions.closeAll();
        Optional<Path> program = Executables.find(cli.codexBin(), cli.path());
        if (program.isPresent()) {
            try {
                commands.run(List.of(program.get().toString(), "logout"), env(), locations.home(), Optional.empty(),
                        LOGOUT_TIMEOUT);
            } catch (IOException e) {
                // the file is removed below either way
            }
        }
        try {
            Files.deleteIfExists(locations.codexHome().resolve(AUTH_FILE));
        } catch (IOException e) {
            throw new AgentException(Reason.WRITE_FAILED, "cannot remove " + AUTH_FILE, e);
        }
        return Json.object().put("ok", true).put("loggedIn", status.codex().loggedIn());
    }

    /** Writes a validated {@code auth.json}: an object with {@code tokens.access_token} or {@code OPENAI_API_KEY}. */
    private void writeAuthJson(JsonNode auth) {
        if (auth == null || !auth.isObject()) {
            throw new AgentException(Reason.MISSING_FIELD, "auth_json must be an object");
        }
        boolean tokens = !auth.path("tokens").path("access_token").asText("").isBlank()
                && auth.path("tokens").path("access_token").isTextual();
        boolean apiKey = auth.path("OPENAI_API_KEY").isTextual() && !auth.path("OPENAI_API_KEY").asText().isBlank();
        if (!tokens && !apiKey) {
            throw new AgentException(Reason.MISSING_FIELD,
                    "auth_json must hold tokens.access_token or OPENAI_API_KEY");
        }
        try {
            CredentialFiles.write(locations.codexHome(), AUTH_FILE, Json.bytes(auth));
        } catch (IOException e) {
            throw new AgentException(Reason.WRITE_FAILED, "codex auth_json write failed", e);
        }
    }

    private String program() {
        return Executables.find(cli.codexBin(), cli.path()).map(Path::toString).orElseThrow(() ->
                new AgentException(Reason.CLI_NOT_FOUND, "codex CLI not found"));
    }

    private Map<String, String> env() {
        return CliEnvironment.build(Provider.CODEX, cli, locations);
    }
}
