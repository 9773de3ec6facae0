package dev.ccx.orchestrator.admin;

import java.time.Instant;
import java.util.Objects;

/** Both CLIs' logins in one user's runner, and when the orchestrator last asked the runner. */
public record LoginSnapshot(Instant observedAt, CliLoginState claude, CliLoginState codex) {
    public LoginSnapshot {
        Objects.requireNonNull(observedAt);
        Objects.requireNonNull(claude);
        Objects.requireNonNull(codex);
    }
}
