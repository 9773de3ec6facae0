package dev.ccx.orchestrator.slot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.policy.NetworkMode;
import dev.ccx.orchestrator.policy.Policy;
import dev.ccx.orchestrator.policy.PolicySet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Builds each user's desired runner from the operator configuration and that user's policy: image, volumes,
 * limits, network, and the agent's environment (limits it enforces itself, CLI environment, Codex overrides).
 */
public final class RunnerSpecs implements SlotSpecs {
    public static final int AGENT_PORT = 8443;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OrchestratorConfig config;
    private final PolicySet policies;
    private final SlotNames names;
    private final Supplier<String> imageId;

    /** {@code imageId} resolves the runner image tag to its current id (so a rebuilt image rolls out). */
    public RunnerSpecs(OrchestratorConfig config, PolicySet policies, SlotNames names, Supplier<String> imageId) {
        this.config = config;
        this.policies = policies;
        this.names = names;
        this.imageId = imageId;
    }

    @Override
    public SlotSpec specFor(UserId user) {
        Policy policy = policies.forUser(user);
        Map<VolumeKind, String> volumes = new EnumMap<>(VolumeKind.class);
        for (VolumeKind kind : VolumeKind.values()) {
            volumes.put(kind, names.volumeName(user, kind));
        }
        String slot = names.slotName(user);
        RunnerNetwork network = policy.network() == NetworkMode.PER_USER ? RunnerNetwork.dedicatedTo(slot)
                : RunnerNetwork.shared(config.runnerNetwork());
        return new SlotSpec(user, slot, config.runnerImage(), imageId.get(), volumes, agentEnv(policy), policy.limits(),
                network, config.runnerExtraHosts(), policy.seccompProfileJson(), AGENT_PORT);
    }

    @Override
    public Duration idleTimeout(UserId user) {
        return policies.forUser(user).idleTimeout();
    }

    @Override
    public Optional<Duration> pauseAfter(UserId user) {
        return policies.forUser(user).pauseAfter();
    }

    private Map<String, String> agentEnv(Policy policy) {
        Map<String, String> cliEnv = new TreeMap<>(config.runnerEnv());
        cliEnv.putAll(policy.env());
        config.logins().dropSharedCredentials(cliEnv, concat(config.codexConfig(), policy.codexConfig()));
        Map<String, String> env = new TreeMap<>(cliEnv);
        env.put("CCX_CLI_ENV", String.join(",", cliEnv.keySet()));
        List<String> codex = new ArrayList<>(config.codexConfig());
        codex.addAll(policy.codexConfig());
        env.put("CCX_CODEX_CONFIG", toJson(codex));
        env.put("CCX_DEFAULT_TIMEOUT_SECONDS", Long.toString(policy.defaultTimeout().toSeconds()));
        env.put("CCX_MAX_TIMEOUT_SECONDS", Long.toString(policy.maxTimeout().toSeconds()));
        List<String> providers = new ArrayList<>();
        if (policy.claude().enabled()) {
            providers.add("claude");
        }
        if (policy.codex().enabled()) {
            providers.add("codex");
        }
        env.put("CCX_ALLOWED_PROVIDERS", String.join(",", providers));
        env.put("CCX_ALLOWED_SANDBOXES", String.join(",", Policy.SANDBOX_MODES.stream()
                .filter(policy.codex()::allowsSandbox).toList()));
        env.put("CCX_MAX_BODY_BYTES", Long.toString(policy.maxBodyBytes()));
        policy.limits().jobsQuotaBytes().ifPresent(q -> env.put("CCX_JOBS_QUOTA_BYTES", Long.toString(q)));
        env.putAll(config.logins().agentEnv());
        return env;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String toJson(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
