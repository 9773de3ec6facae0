package dev.ccx.runner.login;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Writes a {@link CliLogin} as the status fields every login answer shares. */
public final class LoginJson {

    private LoginJson() {
    }

    /** Adds {@code loggedIn}, {@code authMethod}, {@code expiresAt} and {@code expired} (JSON null when unknown). */
    public static ObjectNode put(ObjectNode out, CliLogin login) {
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
        return out;
    }
}
