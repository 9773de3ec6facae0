package dev.ccx.runner.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import dev.ccx.runner.Json;
import dev.ccx.runner.login.AuthStatus;
import dev.ccx.runner.login.CliLogin;
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
        write(body.putObject("claude"), status.claude());
        write(body.putObject("codex"), status.codex());
        Responses.json(ex, 200, body);
    }

    private static void write(ObjectNode out, CliLogin login) {
        out.put("loggedIn", login.loggedIn());
        if (login.authMethod().isPresent()) {
            out.put("authMethod", login.authMethod().get());
        } else {
            out.putNull("authMethod");
        }
        if (login.expiresAt().isPresent()) {
            out.put("expiresAt", login.expiresAt().get());
        } else {
            out.putNull("expiresAt");
        }
        if (login.expired().isPresent()) {
            out.put("expired", login.expired().get());
        } else {
            out.putNull("expired");
        }
    }
}
