package dev.ccx.runner.login;

import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;

/**
 * With per-user login required, refuses a run of a CLI the user has not logged in to (403
 * {@code CLAUDE_AUTH_REQUIRED} / {@code CODEX_AUTH_REQUIRED}) instead of letting it fail deep inside the CLI.
 */
public final class LoginGate {

    private final boolean required;
    private final AuthStatus status;

    public LoginGate(boolean required, AuthStatus status) {
        this.required = required;
        this.status = status;
    }

    /** Throws unless {@code provider} may run for this user. */
    public void check(Provider provider) {
        if (!required) {
            return;
        }
        if (provider == Provider.CLAUDE && !status.claude().loggedIn()) {
            throw new AgentException(Reason.CLAUDE_AUTH_REQUIRED, "CLAUDE_AUTH_REQUIRED");
        }
        if (provider == Provider.CODEX && !status.codex().loggedIn()) {
            throw new AgentException(Reason.CODEX_AUTH_REQUIRED, "CODEX_AUTH_REQUIRED");
        }
    }
}
