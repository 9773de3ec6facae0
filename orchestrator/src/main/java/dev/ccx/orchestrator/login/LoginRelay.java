package dev.ccx.orchestrator.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.http.Bodies;
import dev.ccx.orchestrator.proxy.Forwarder;
import dev.ccx.orchestrator.proxy.RunnerCall;
import java.io.IOException;
import java.io.InputStream;
import dev.ccx.orchestrator.proxy.RunnerBody;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Carries login steps to the user's own runner, where the logins happen (so tokens never pass through here), and
 * keeps every session bound to the user who started it: completing another user's session is refused with 403
 * before anything is forwarded. Answers are small JSON documents, returned whole so callers may amend them.
 */
public final class LoginRelay {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);
    private static final int MAX_ANSWER = 1 << 20;

    /** A runner's answer to a login step. */
    public record Reply(int status, ObjectNode body) {}

    private final Forwarder forwarder;
    private final LoginBindings bindings;

    public LoginRelay(Forwarder forwarder, LoginBindings bindings) {
        this.forwarder = forwarder;
        this.bindings = bindings;
    }

    /** Starts a login in {@code user}'s runner and binds the new session to {@code user}. */
    public Reply start(UserId user, LoginCli cli, String requestId) {
        Reply reply = call(user, post(cli, "start", new byte[] {'{', '}'}, requestId, true));
        String id = reply.body().path("session_id").asText("");
        if (reply.status() == 200 && !id.isEmpty()) {
            bindings.bind(id, user, cli);
        }
        return reply;
    }

    /**
     * Completes session {@code body.session_id}: 422 without one, 403 with {@code foreignMessage} when another
     * user started it, otherwise the runner's answer.
     */
    public Reply complete(UserId user, LoginCli cli, byte[] raw, ObjectNode body, String requestId,
                          String foreignMessage) {
        JsonNode id = body.get("session_id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            throw new ApiException(422, "invalid_request_error", "missing_field", "session_id is required");
        }
        Optional<UserId> owner = bindings.owner(id.asText(), cli);
        if (owner.isPresent() && !owner.get().equals(user)) {
            throw ApiException.forbidden("login_session_forbidden", foreignMessage);
        }
        Reply reply = call(user, post(cli, "complete", raw, requestId, false));
        boolean ended = reply.status() == 200 || reply.status() == 404 || cli == LoginCli.CODEX && reply.status() == 400;
        if (ended) {
            bindings.forget(id.asText());
        }
        return reply;
    }

    /** Imports credentials ({@code raw} as the caller sent it) into {@code user}'s home. */
    public Reply credentials(UserId user, LoginCli cli, byte[] raw, String requestId) {
        return call(user, post(cli, "credentials", raw, requestId, false));
    }

    public Reply status(UserId user, LoginCli cli) {
        return call(user, RunnerCall.get("/v1/login/" + cli.segment() + "/status", READ_TIMEOUT));
    }

    /** Logs {@code user} out of {@code cli}; pending Codex device logins end with it. */
    public Reply logout(UserId user, LoginCli cli, String requestId) {
        Reply reply = call(user, post(cli, "logout", new byte[] {'{', '}'}, requestId, true));
        if (cli == LoginCli.CODEX) {
            bindings.forgetUser(user, cli);
        }
        return reply;
    }

    /** Forgets {@code user}'s sessions of {@code cli} after its home was purged. */
    public void purged(UserId user, LoginCli cli) {
        bindings.forgetUser(user, cli);
    }

    private static RunnerCall post(LoginCli cli, String step, byte[] json, String requestId, boolean replayable) {
        return new RunnerCall("POST", "/v1/login/" + cli.segment() + "/" + step,
                Map.of("Content-Type", "application/json", "X-Request-Id", requestId),
                RunnerBody.of(json), replayable, STEP_TIMEOUT);
    }

    private Reply call(UserId user, RunnerCall call) {
        Reply[] reply = new Reply[1];
        forwarder.exchange(user, call, answer -> {
            try (InputStream in = answer.body()) {
                byte[] bytes = in.readNBytes(MAX_ANSWER);
                reply[0] = new Reply(answer.status(), Bodies.parseObject(bytes));
            } catch (IOException | ApiException e) {
                throw ApiException.badGateway("runner_failed", "the user's runner gave no usable answer", e);
            }
        });
        return reply[0];
    }
}
