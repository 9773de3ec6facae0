package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.login.AuthStatus;
import dev.ccx.runner.login.LoginJson;
import java.io.IOException;

/** {@code GET /v1/auth/status}: the login state of both CLIs in this runner. */
final class AuthStatusRoute implements Route {

    private final AuthStatus status;

    AuthStatusRoute(AuthStatus status) {
        this.status = status;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        ObjectNode body = Json.object();
        LoginJson.put(body.putObject("claude"), status.claude());
        LoginJson.put(body.putObject("codex"), status.codex());
        Responses.json(ex, 200, body);
    }
}
