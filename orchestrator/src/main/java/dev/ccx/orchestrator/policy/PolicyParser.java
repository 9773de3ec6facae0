package dev.ccx.orchestrator.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.orchestrator.config.Durations;
import dev.ccx.orchestrator.config.Sizes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads one policy mapping into a {@link Policy}, recording a problem (with its field path) for every bad value. */
final class PolicyParser {
    private static final Set<String> TOP = Set.of("runner", "limits", "providers", "overrides");
    private static final Set<String> RUNNER = Set.of("memory", "cpus", "pids", "tmpfs", "jobs_quota", "network",
            "seccomp", "env", "codex_config");
    private static final Set<String> LIMITS = Set.of("max_body", "default_timeout", "max_timeout", "idle_timeout",
            "pause_after");
    private static final Set<String> PROVIDER = Set.of("enabled", "models", "sandboxes");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** The documented default of {@code runner.seccomp}: the default-deny profile shipped next to default.yaml. */
    static final String RUNNER_SECCOMP = "seccomp-runner.json";

    private final List<String> problems;
    private final PolicyLoader.SeccompSource seccomp;

    PolicyParser(List<String> problems, PolicyLoader.SeccompSource seccomp) {
        this.problems = problems;
        this.seccomp = seccomp;
    }

    Policy policy(ObjectNode root, String prefix) {
        unknown(root, TOP, prefix);
        JsonNode runner = section(root, "runner", RUNNER, prefix);
        JsonNode limits = section(root, "limits", LIMITS, prefix);
        JsonNode providers = section(root, "providers", Set.of("claude", "codex"), prefix);
        String r = prefix + "runner.";
        String l = prefix + "limits.";
        RunnerLimits runnerLimits = limits(runner, r);
        NetworkMode network = parse(runner, "network", r, "per-user", v -> switch (v) {
            case "shared" -> NetworkMode.SHARED;
            case "per-user" -> NetworkMode.PER_USER;
            default -> throw new IllegalArgumentException("must be shared or per-user");
        });
        Optional<String> profile = seccomp(runner, r);
        Map<String, String> env = env(runner.path("env"), r + "env");
        List<String> codexConfig = codexConfig(runner.path("codex_config"), r + "codex_config");
        long maxBody = parse(limits, "max_body", l, "16m", Sizes::parse);
        Duration defaultTimeout = parse(limits, "default_timeout", l, "10m", Durations::parse);
        Duration maxTimeout = parse(limits, "max_timeout", l, "1h", Durations::parse);
        Duration idle = parse(limits, "idle_timeout", l, "15m", Durations::parse);
        Optional<Duration> pauseAfter = parse(limits, "pause_after", l, "off", PolicyParser::pauseAfter);
        ProviderRule claude = provider(providers.path("claude"), prefix + "providers.claude.", false);
        ProviderRule codex = provider(providers.path("codex"), prefix + "providers.codex.", true);
        if (defaultTimeout.compareTo(maxTimeout) > 0) {
            problems.add(l + "default_timeout: must not exceed max_timeout");
            defaultTimeout = maxTimeout;
        }
        if (pauseAfter.filter(p -> p.isZero() || p.compareTo(idle) >= 0).isPresent()) {
            problems.add(l + "pause_after: must be positive and shorter than idle_timeout ("
                    + Durations.format(idle) + "), or off");
            pauseAfter = Optional.empty();
        }
        return new Policy(runnerLimits, network, profile, env, codexConfig, maxBody, defaultTimeout, maxTimeout,
                idle, pauseAfter, claude, codex);
    }

    /** {@code off} (YAML reads an unquoted off as false) or a duration. */
    private static Optional<Duration> pauseAfter(String value) {
        return "off".equals(value) || "false".equals(value) ? Optional.empty() : Optional.of(Durations.parse(value));
    }

    private RunnerLimits limits(JsonNode runner, String r) {
        long memory = parse(runner, "memory", r, "1g", Sizes::parse);
        double cpus = parse(runner, "cpus", r, "1.0", Double::parseDouble);
        long pids = parse(runner, "pids", r, "256", Long::parseLong);
        long tmpfs = parse(runner, "tmpfs", r, "256m", Sizes::parse);
        Optional<Long> quota = parse(runner, "jobs_quota", r, "2g",
                v -> "none".equals(v) ? Optional.<Long>empty() : Optional.of(Sizes.parse(v)));
        List<String> outOfRange = RunnerLimits.problems(memory, cpus, pids, tmpfs, quota);
        if (!outOfRange.isEmpty()) {
            outOfRange.forEach(p -> problems.add(r + p));
            return new RunnerLimits(1L << 30, 1.0, 256, 256L << 20, Optional.of(2L << 30));
        }
        return new RunnerLimits(memory, cpus, pids, tmpfs, quota);
    }

    private ProviderRule provider(JsonNode node, String p, boolean codex) {
        if (!node.isMissingNode() && !node.isObject()) {
            problems.add(p.substring(0, p.length() - 1) + ": must be a mapping");
            node = new ObjectMapper().createObjectNode();
        }
        unknown(node, codex ? PROVIDER : Set.of("enabled", "models"), p);
        boolean enabled = parse(node, "enabled", p, "true", v -> switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        });
        List<String> models = strings(node.path("models"), p + "models", List.of("*"));
        List<String> sandboxes = codex ? strings(node.path("sandboxes"), p + "sandboxes", Policy.SANDBOX_MODES)
                : List.of();
        for (String s : sandboxes) {
            if (!Policy.SANDBOX_MODES.contains(s)) {
                problems.add(p + "sandboxes: unknown sandbox mode '" + s + "' (use " + Policy.SANDBOX_MODES + ")");
            }
        }
        return new ProviderRule(enabled, models, new LinkedHashSet<>(sandboxes));
    }

    /**
     * An omitted {@code runner.seccomp} means the runner profile, never something weaker: when that file cannot be
     * read the start fails saying so. ({@code docker-default} below only stands in once a problem is recorded.)
     */
    private Optional<String> seccomp(JsonNode runner, String r) {
        JsonNode value = runner.path("seccomp");
        if (!value.isMissingNode() && !value.isNull()) {
            return parse(runner, "seccomp", r, "docker-default", this::seccompProfile);
        }
        try {
            return seccompProfile(RUNNER_SECCOMP);
        } catch (IllegalArgumentException e) {
            problems.add(r + "seccomp: not set, so the default " + RUNNER_SECCOMP + " applies, but " + e.getMessage()
                    + "; copy policies/" + RUNNER_SECCOMP + " there or set runner.seccomp");
            return Optional.empty();
        }
    }

    private Optional<String> seccompProfile(String value) {
        if ("docker-default".equals(value)) {
            return Optional.empty();
        }
        if ("unconfined".equals(value)) {
            throw new IllegalArgumentException("unconfined is not allowed for runners");
        }
        String json = seccomp.read(value);
        try {
            JsonNode profile = new ObjectMapper().readTree(json);
            if (!profile.path("defaultAction").isTextual()) {
                throw new IllegalArgumentException(value + " has no defaultAction");
            }
            return Optional.of(new ObjectMapper().writeValueAsString(profile));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(value + " is not valid JSON");
        }
    }

    private Map<String, String> env(JsonNode node, String path) {
        Map<String, String> env = new LinkedHashMap<>();
        if (node.isMissingNode() || node.isNull()) {
            return env;
        }
        if (!node.isObject()) {
            problems.add(path + ": must be a mapping of NAME: value");
            return env;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!ENV_NAME.matcher(f.getKey()).matches() || f.getKey().startsWith("CCX_")) {
                problems.add(path + "." + f.getKey() + ": not an allowed environment variable name");
            } else if (!f.getValue().isValueNode() || f.getValue().isNull()) {
                problems.add(path + "." + f.getKey() + ": must be a string");
            } else {
                env.put(f.getKey(), f.getValue().asText());
            }
        }
        return env;
    }

    private List<String> codexConfig(JsonNode node, String path) {
        List<String> entries = strings(node, path, List.of());
        for (String entry : entries) {
            if (!entry.contains("=") || entry.contains("\n")) {
                problems.add(path + ": every entry must be one key=value line");
            }
        }
        return entries;
    }

    private List<String> strings(JsonNode node, String path, List<String> fallback) {
        if (node.isMissingNode() || node.isNull()) {
            return fallback;
        }
        if (!node.isArray()) {
            problems.add(path + ": must be a list");
            return fallback;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual()) {
                problems.add(path + ": every entry must be a string");
                return fallback;
            }
            out.add(item.asText());
        }
        return out;
    }

    private JsonNode section(ObjectNode root, String name, Set<String> allowed, String prefix) {
        JsonNode node = root.path(name);
        if (node.isMissingNode() || node.isNull()) {
            return new ObjectMapper().createObjectNode();
        }
        if (!node.isObject()) {
            problems.add(prefix + name + ": must be a mapping");
            return new ObjectMapper().createObjectNode();
        }
        unknown(node, allowed, prefix + name + ".");
        return node;
    }

    private void unknown(JsonNode node, Set<String> allowed, String prefix) {
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                problems.add(prefix + f + ": unknown field (allowed: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        });
    }

    private <T> T parse(JsonNode node, String field, String prefix, String fallback, ValueParser<T> parser) {
        JsonNode value = node.path(field);
        String raw = value.isMissingNode() || value.isNull() ? fallback : value.isValueNode() ? value.asText() : null;
        if (raw == null) {
            problems.add(prefix + field + ": must be a single value");
            raw = fallback;
        }
        try {
            return parser.parse(raw);
        } catch (RuntimeException e) {
            problems.add(prefix + field + ": " + (e.getMessage() == null ? "invalid value" : e.getMessage()));
            return parser.parse(fallback);
        }
    }

    @FunctionalInterface
    private interface ValueParser<T> {
        T parse(String raw);
    }
}
