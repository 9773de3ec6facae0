package dev.ccx.orchestrator.config;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.slot.kubernetes.KubernetesSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every orchestrator setting, read once from an environment map (tests pass their own map).
 * Defaults make a zero-configuration start work; see docs/configuration.md.
 */
public record OrchestratorConfig(
        String listenHost,
        int port,
        Path stateDir,
        List<String> serviceKeys,
        List<String> adminKeys,
        JwtSettings jwt,
        String instance,
        String dockerHost,
        Optional<String> selfContainer,
        String runnerImage,
        String runnerNetwork,
        String runnerSubnets,
        int spareNetworks,
        List<String> runnerExtraHosts,
        Map<String, String> runnerEnv,
        List<String> codexConfig,
        Optional<Path> policyFile,
        int maxRunningSlots,
        Duration readyTimeout,
        Duration reapInterval,
        Duration shutdownGrace,
        String backend,
        KubernetesSettings kubernetes,
        AdminUiSettings adminUi,
        LoginSettings logins) {

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern INSTANCE = Pattern.compile("[a-z0-9][a-z0-9-]{0,23}");
    public static final String DOCKER = "docker";
    public static final String KUBERNETES = "kubernetes";

    public OrchestratorConfig {
        serviceKeys = List.copyOf(serviceKeys);
        adminKeys = List.copyOf(adminKeys);
        runnerExtraHosts = List.copyOf(runnerExtraHosts);
        runnerEnv = Map.copyOf(runnerEnv);
        codexConfig = List.copyOf(codexConfig);
    }

    /** Reads the configuration, throwing one {@link ConfigException} that lists every bad variable. */
    public static OrchestratorConfig fromEnv(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String instance = r.string("CCX_INSTANCE", "default");
        if (!INSTANCE.matcher(instance).matches()) {
            r.error("CCX_INSTANCE: use 1-24 lowercase letters, digits or dashes");
        }
        Map<String, String> runnerEnv = r.withPrefix("CCX_RUNNER_ENV_");
        runnerEnv.keySet().stream()
                .filter(name -> !ENV_NAME.matcher(name).matches() || name.startsWith("CCX_"))
                .forEach(name -> r.error("CCX_RUNNER_ENV_" + name + ": not an allowed environment variable name"));
        OrchestratorConfig config = new OrchestratorConfig(
                r.string("CCX_LISTEN_HOST", "0.0.0.0"),
                r.integer("CCX_PORT", 8080, 0, 65535),
                r.path("CCX_STATE_DIR", Path.of("/var/lib/ccx")),
                r.list("CCX_SERVICE_KEYS"),
                r.list("CCX_ADMIN_KEYS"),
                jwt(r),
                instance,
                r.string("CCX_DOCKER_HOST", "unix:///var/run/docker.sock"),
                r.optional("CCX_SELF_CONTAINER"),
                r.string("CCX_RUNNER_IMAGE", "ccx-runner:latest"),
                r.string("CCX_RUNNER_NETWORK", "ccx-runners"),
                subnets(r),
                r.integer("CCX_SPARE_NETWORKS", 2, 0, 16),
                r.list("CCX_RUNNER_EXTRA_HOSTS"),
                runnerEnv,
                codexConfig(r),
                r.optional("CCX_POLICY_FILE").map(Path::of),
                r.integer("CCX_MAX_RUNNING_SLOTS", 50, 1, 100_000),
                r.positiveDuration("CCX_READY_TIMEOUT", Duration.ofSeconds(30)),
                r.positiveDuration("CCX_REAP_INTERVAL", Duration.ofSeconds(30)),
                r.duration("CCX_SHUTDOWN_GRACE", Duration.ofSeconds(30)),
                backend(r),
                KubernetesSettings.read(r, KubernetesSettings.IN_CLUSTER_NAMESPACE),
                AdminUiSettings.read(r),
                LoginSettings.read(r));
        if (KUBERNETES.equals(config.backend())) {
            KubernetesSettings.checkExtraHosts(r, config.runnerExtraHosts());
        }
        checkKeys(r, "CCX_SERVICE_KEYS", config.serviceKeys());
        checkKeys(r, "CCX_ADMIN_KEYS", config.adminKeys());
        if (config.adminKeys().stream().anyMatch(config.serviceKeys()::contains)) {
            r.error("CCX_ADMIN_KEYS: a key cannot be both an admin key and a service key (CCX_SERVICE_KEYS)");
        }
        if (!r.errors().isEmpty()) {
            throw new ConfigException(r.errors());
        }
        return config;
    }

    private static String backend(EnvReader r) {
        String backend = r.string("CCX_BACKEND", DOCKER);
        if (!backend.equals(DOCKER) && !backend.equals(KUBERNETES)) {
            r.error("CCX_BACKEND: use docker or kubernetes");
            return DOCKER;
        }
        return backend;
    }

    private static String subnets(EnvReader r) {
        String value = r.string("CCX_RUNNER_SUBNETS", "10.201.0.0/16");
        try {
            new dev.ccx.orchestrator.slot.docker.SubnetPool(value, 28);
        } catch (IllegalArgumentException e) {
            r.error("CCX_RUNNER_SUBNETS: " + e.getMessage());
        }
        return value;
    }

    private static JwtSettings jwt(EnvReader r) {
        Optional<String> hmac = r.optional("CCX_JWT_HMAC_SECRET");
        if (hmac.isPresent() && hmac.get().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            r.error("CCX_JWT_HMAC_SECRET: must be at least 32 bytes");
        }
        Optional<String> publicKey = r.optional("CCX_JWT_PUBLIC_KEY").map(value -> pemOrFile(r, value));
        return new JwtSettings(hmac, publicKey, r.optional("CCX_JWT_ISSUER"), r.optional("CCX_JWT_AUDIENCE"),
                r.positiveDuration("CCX_JWT_MAX_LIFETIME", Duration.ofHours(24)),
                r.duration("CCX_JWT_CLOCK_SKEW", Duration.ofSeconds(30)));
    }

    private static String pemOrFile(EnvReader r, String value) {
        String pem;
        if (value.contains("-----BEGIN")) {
            pem = value;
        } else {
            try {
                pem = Files.readString(Path.of(value));
            } catch (IOException | RuntimeException e) {
                r.error("CCX_JWT_PUBLIC_KEY: neither a PEM nor a readable file");
                return "";
            }
        }
        try {
            PublicKeyPem.parse(pem);
        } catch (IllegalArgumentException e) {
            r.error("CCX_JWT_PUBLIC_KEY: " + e.getMessage());
        }
        return pem;
    }

    private static List<String> codexConfig(EnvReader r) {
        Optional<String> raw = r.optional("CCX_CODEX_CONFIG");
        if (raw.isEmpty()) {
            return List.of();
        }
        try {
            List<String> entries = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readValue(raw.get(), new TypeReference<List<String>>() {});
            for (String entry : entries) {
                if (entry == null || !entry.contains("=") || entry.contains("\n")) {
                    r.error("CCX_CODEX_CONFIG: every entry must be one key=value line");
                    return List.of();
                }
            }
            return entries;
        } catch (IOException e) {
            r.error("CCX_CODEX_CONFIG: must be a JSON array of \"key=value\" strings");
            return List.of();
        }
    }

    private static void checkKeys(EnvReader r, String name, List<String> keys) {
        for (String key : keys) {
            if (key.length() < 16) {
                r.error(name + ": every key must be at least 16 characters");
                return;
            }
        }
    }

    @Override
    public String toString() {
        return "OrchestratorConfig[listen=" + listenHost + ":" + port + ", stateDir=" + stateDir
                + ", serviceKeys=" + serviceKeys.size() + ", adminKeys=" + adminKeys.size() + ", jwt=" + jwt
                + ", instance=" + instance + ", runnerImage=" + runnerImage + ", runnerNetwork=" + runnerNetwork
                + ", runnerEnv=" + runnerEnv.keySet() + ", codexConfig=" + codexConfig.size() + " entries"
                + ", policyFile=" + policyFile.map(Path::toString).orElse("(built-in)")
                + ", maxRunningSlots=" + maxRunningSlots + ", backend=" + backend + ", adminUi=" + adminUi
                + ", requireUserLogin=" + logins.requireUserLogin()
                + (KUBERNETES.equals(backend) ? ", kubernetes=" + kubernetes : "") + "]";
    }
}
