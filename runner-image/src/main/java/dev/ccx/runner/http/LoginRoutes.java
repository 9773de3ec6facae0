package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.ProcessTree;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.login.AuthStatus;
import dev.ccx.runner.login.ClaudeLogin;
import dev.ccx.runner.login.CodexLogin;
import dev.ccx.runner.login.LoginFailure;
import dev.ccx.runner.login.LoginReply;
import dev.ccx.runner.login.ShortCommand;
import dev.ccx.runner.login.TokenExchange;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The login endpoints of the user's runner, {@code /v1/login/claude/*} and {@code /v1/login/codex/*}: start,
 * complete, credentials, status, logout. A failed login step answers {@code {"ok": false, "error": {...}}}.
 */
final class LoginRoutes {

    private static final long MAX_BODY = 1024 * 1024;
    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DEVICE_PROMPT_WAIT = Duration.ofSeconds(15);
    private static final Duration COMPLETE_WAIT = Duration.ofSeconds(3);

    private final ClaudeLogin claude;
    private final CodexLogin codex;

    LoginRoutes(ClaudeLogin claude, CodexLogin codex) {
        this.claude = claude;
        this.codex = codex;
    }

    /** The routes wired for {@code config}, reading login state through {@code status}. */
    static LoginRoutes create(AgentConfig config, AuthStatus status) {
        ProcessTree tree = new ProcessTree(config.limits().killGrace());
        Clock clock = Clock.systemUTC();
        ClaudeLogin claude = new ClaudeLogin(config.login(), config.cli(), config.locations(), status,
                new TokenExchange(URI.create(config.login().claudeTokenUrl()), TOKEN_TIMEOUT), new ShortCommand(tree),
                clock);
        CodexLogin codex = new CodexLogin(config.login(), config.cli(), config.locations(), status, tree, clock,
                DEVICE_PROMPT_WAIT, COMPLETE_WAIT);
        return new LoginRoutes(claude, codex);
    }

    /** Adds the ten login routes to {@code router}. */
    Router register(Router router) {
        return router
                .post("/v1/login/claude/start", ex -> answer(ex, claude::start))
                .post("/v1/login/claude/complete", ex -> answer(ex, body(ex), claude::complete))
                .post("/v1/login/claude/credentials", ex -> answer(ex, body(ex), claude::importCredentials))
                .get("/v1/login/claude/status", ex -> answer(ex, claude::status))
                .post("/v1/login/claude/logout", ex -> answer(ex, claude::logout))
                .post("/v1/login/codex/start", ex -> answer(ex, codex::start))
                .post("/v1/login/codex/complete", this::completeCodex)
                .post("/v1/login/codex/credentials", ex -> answer(ex, body(ex), codex::importCredentials))
                .get("/v1/login/codex/status", ex -> answer(ex, codex::status))
                .post("/v1/login/codex/logout", ex -> answer(ex, codex::logout));
    }

    private void completeCodex(HttpExchange ex) throws IOException {
        JsonNode body = body(ex);
        try {
            LoginReply reply = codex.complete(body);
            Responses.json(ex, reply.status(), reply.body());
        } catch (LoginFailure f) {
            failed(ex, f);
        }
    }

    private static void answer(HttpExchange ex, Supplier<ObjectNode> step) throws IOException {
        try {
            Responses.json(ex, 200, step.get());
        } catch (LoginFailure f) {
            failed(ex, f);
        }
    }

    private static void answer(HttpExchange ex, JsonNode body, Function<JsonNode, ObjectNode> step)
            throws IOException {
        answer(ex, () -> step.apply(body));
    }

    /** {@code {"ok": false, "error": {"message", "type", "code", "param": null}}}. */
    private static void failed(HttpExchange ex, LoginFailure f) throws IOException {
        ObjectNode body = Json.object().put("ok", false);
        ObjectNode error = (ObjectNode) Responses.errorBody(f).get("error");
        error.put("type", f.type());
        body.set("error", error);
        Responses.json(ex, f.reason().status(), body);
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        JsonNode body = RequestBodies.json(ex, MAX_BODY);
        if (!body.isObject()) {
            throw new AgentException(Reason.INVALID_JSON, "Invalid JSON");
        }
        return body;
    }
}
