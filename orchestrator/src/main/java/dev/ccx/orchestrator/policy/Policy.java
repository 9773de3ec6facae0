package dev.ccx.orchestrator.policy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The effective sandbox policy for one user: runner limits and hardening inputs, request caps, the idle timings
 * (pause after, stop after) and which providers, models and Codex sandbox modes are allowed.
 */
public record Policy(RunnerLimits limits, NetworkMode network, Optional<String> seccompProfileJson,
                     Map<String, String> env, List<String> codexConfig, long maxBodyBytes,
                     Duration defaultTimeout, Duration maxTimeout, Duration idleTimeout,
                     Optional<Duration> pauseAfter, ProviderRule claude, ProviderRule codex) {

    public static final List<String> SANDBOX_MODES = List.of("read-only", "workspace-write", "danger-full-access");

    public Policy {
        env = Map.copyOf(env);
        codexConfig = List.copyOf(codexConfig);
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            throw new IllegalArgumentException("limits.default_timeout must not exceed limits.max_timeout");
        }
        if (pauseAfter.filter(p -> p.isZero() || p.compareTo(idleTimeout) >= 0).isPresent()) {
            throw new IllegalArgumentException("limits.pause_after must be positive and shorter than idle_timeout");
        }
    }

    public ProviderRule provider(String name) {
        return switch (name) {
            case "claude" -> claude;
            case "codex" -> codex;
            default -> throw new IllegalArgumentException("unknown provider " + name);
        };
    }

    @Override
    public String toString() {
        return "Policy[limits=" + limits + ", network=" + network + ", seccomp="
                + (seccompProfileJson.isPresent() ? "custom" : "docker-default") + ", env=" + env.keySet()
                + ", maxBody=" + maxBodyBytes + ", timeouts=" + defaultTimeout + "/" + maxTimeout
                + ", idle=" + idleTimeout + ", pauseAfter=" + pauseAfter.map(Duration::toString).orElse("off")
                + ", claude=" + claude + ", codex=" + codex + "]";
    }
}
