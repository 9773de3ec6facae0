package dev.ccx.orchestrator.login;

import java.time.Duration;
import java.util.Optional;

/** The two CLIs a user logs in to, with the runner's path segment and how long a login session lives there. */
public enum LoginCli {
    CLAUDE("claude", Duration.ofMinutes(10)),
    CODEX("codex", Duration.ofMinutes(15));

    private final String segment;
    private final Duration sessionTtl;

    LoginCli(String segment, Duration sessionTtl) {
        this.segment = segment;
        this.sessionTtl = sessionTtl;
    }

    /** {@code claude} or {@code codex}, as in {@code /v1/login/claude/start}. */
    public String segment() {
        return segment;
    }

    /** How long the runner keeps a login session of this CLI open. */
    public Duration sessionTtl() {
        return sessionTtl;
    }

    /** The CLI named {@code segment}, if any. */
    public static Optional<LoginCli> fromSegment(String segment) {
        for (LoginCli cli : values()) {
            if (cli.segment.equals(segment)) {
                return Optional.of(cli);
            }
        }
        return Optional.empty();
    }
}
