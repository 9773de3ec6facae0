package dev.ccx.runner.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ccx.runner.cli.CodexSandbox;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.tls.ServerTls;
import dev.ccx.runner.tls.TlsConfigException;
import dev.ccx.runner.tls.TlsTerminator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything the runner agent is configured with, read once from an environment map (tests pass their own map).
 *
 * @param slot              the slot name (also the DNS name in the agent's certificate)
 * @param bindAddress       address to listen on
 * @param port              port to listen on (0: any free port)
 * @param serving           mutual TLS by a terminator or by the JVM, or plain HTTP (CCX_DEV_PLAIN_HTTP=true)
 * @param limits            timeouts and sizes
 * @param locations         directories
 * @param cli               how the CLIs are run
 * @param allowedProviders  providers requests may use
 * @param allowedSandboxes  Codex sandbox modes requests may use
 * @param login             how the user's Claude and Codex logins run
 */
public record AgentConfig(
        String slot,
        String bindAddress,
        int port,
        Serving serving,
        Limits limits,
        Locations locations,
        CliSettings cli,
        Set<Provider> allowedProviders,
        Set<CodexSandbox> allowedSandboxes,
        LoginSettings login) {

    /** Default static Codex catalogue (as cc-executor-docker's). */
    public static final List<String> DEFAULT_CODEX_MODELS = List.of(
            "gpt-5.5", "gpt-5.4", "gpt-5.4-mini", "gpt-5.3-codex", "gpt-5.3-codex-spark", "gpt-5.2");

    /** Certificate-trust settings of the image (file paths, no secrets) that the CLIs inherit when set. */
    public static final List<String> TRUST_VARIABLES = List.of("NODE_EXTRA_CA_CERTS", "SSL_CERT_FILE", "SSL_CERT_DIR");

    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SLOT = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?");
    private static final long MIB = 1024L * 1024L;
    private static final String PLAIN_HTTP = "CCX_DEV_PLAIN_HTTP";

    public AgentConfig {
        allowedProviders = allowedProviders.isEmpty() ? Set.of() : Set.copyOf(allowedProviders);
        allowedSandboxes = allowedSandboxes.isEmpty() ? Set.of() : Set.copyOf(allowedSandboxes);
    }

    /** True when the agent serves plain HTTP (development and tests only). */
    public boolean plainHttp() {
        return serving instanceof Serving.PlainHttp;
    }

    /** Reads and validates every {@code CCX_*} variable; throws {@link ConfigException} naming all problems. */
    public static AgentConfig fromEnvironment(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        String slot = r.string("CCX_SLOT", "local");
        if (!SLOT.matcher(slot).matches()) {
            r.error("CCX_SLOT: use lowercase letters, digits, dots and dashes, got '" + slot + "'");
        }
        Limits limits = limits(r);
        Locations locations = new Locations(
                r.absolutePath("CCX_JOBS_DIR", "/jobs"),
                r.absolutePath("CCX_WORK_DIR", "/tmp/ccx"),
                r.absolutePath("CCX_TMP_DIR", "/tmp"),
                r.absolutePath("CCX_HOME", "/home/runner"),
                r.absolutePath("CCX_CLAUDE_HOME", "/home/runner/.claude"),
                r.absolutePath("CCX_CODEX_HOME", "/home/runner/.codex"));
        LoginSettings login = LoginSettings.read(r);
        CliSettings cli = login.restrict(cli(r, env), r);
        Set<Provider> providers = providers(r);
        Set<CodexSandbox> sandboxes = sandboxes(r);
        int port = r.integer("CCX_PORT", 8443, 0, 65535);
        String bind = r.string("CCX_BIND", "0.0.0.0");
        Serving serving = serving(r, env);
        if (serving instanceof Serving.Terminated && !TlsTerminator.isAddress(bind)) {
            r.error(TlsTerminator.BIND_PROBLEM + ", got '" + bind + "'");
        }
        if (!r.errors().isEmpty()) {
            throw new ConfigException(r.errors());
        }
        return new AgentConfig(slot, bind, port, serving, limits, locations, cli, providers, sandboxes, login);
    }

    private static Limits limits(EnvReader r) {
        long maxTimeout = r.number("CCX_MAX_TIMEOUT_SECONDS", 3600, 1, 86_400);
        long defaultTimeout = r.number("CCX_DEFAULT_TIMEOUT_SECONDS", Math.min(600, maxTimeout), 1, 86_400);
        if (defaultTimeout > maxTimeout) {
            r.error("CCX_DEFAULT_TIMEOUT_SECONDS: " + defaultTimeout + " exceeds CCX_MAX_TIMEOUT_SECONDS " + maxTimeout);
        }
        return new Limits(
                java.time.Duration.ofSeconds(defaultTimeout),
                java.time.Duration.ofSeconds(maxTimeout),
                r.millis("CCX_RETRY_DELAY_MS", 1000, 0, 60_000),
                r.integer("CCX_MAX_CONCURRENT_RUNS", 4, 1, 64),
                r.number("CCX_MAX_BODY_BYTES", 16 * MIB, 1024, 1024 * MIB),
                r.number("CCX_MAX_OUTPUT_BYTES", 32 * MIB, 1024, 1024 * MIB),
                r.millis("CCX_KEEPALIVE_MS", 5000, 100, 600_000),
                r.millis("CCX_KILL_GRACE_MS", 2000, 0, 60_000),
                r.optional("CCX_JOBS_QUOTA_BYTES").isPresent()
                        ? java.util.OptionalLong.of(r.number("CCX_JOBS_QUOTA_BYTES", 0, 1, Long.MAX_VALUE))
                        : java.util.OptionalLong.empty());
    }

    private static CliSettings cli(EnvReader r, Map<String, String> env) {
        Map<String, String> passThrough = new LinkedHashMap<>();
        TRUST_VARIABLES.forEach(name -> r.optional(name).ifPresent(value -> passThrough.put(name, value)));
        for (String name : r.csv("CCX_CLI_ENV", List.of())) {
            if (!ENV_NAME.matcher(name).matches()) {
                r.error("CCX_CLI_ENV: '" + name + "' is not an environment variable name");
            } else if (name.startsWith("CCX_")) {
                r.error("CCX_CLI_ENV: " + name + " is the agent's own variable and never reaches a CLI");
            } else if (env.get(name) != null) {
                passThrough.put(name, env.get(name));
            }
        }
        List<String> models = r.csv("CCX_CODEX_MODELS", DEFAULT_CODEX_MODELS);
        if (models.isEmpty()) {
            r.error("CCX_CODEX_MODELS: needs at least one model slug");
        }
        String defaultModel = r.string("CCX_CODEX_DEFAULT_MODEL", "gpt-5.5");
        if (!models.isEmpty() && !models.contains(defaultModel)) {
            r.error("CCX_CODEX_DEFAULT_MODEL: " + defaultModel + " is not in CCX_CODEX_MODELS " + models);
        }
        return new CliSettings(
                r.string("CCX_CLAUDE_BIN", "claude"),
                r.string("CCX_CODEX_BIN", "codex"),
                r.string("PATH", "/usr/local/bin:/usr/bin:/bin"),
                r.string("LANG", "C.UTF-8"),
                r.string("TZ", ""),
                passThrough,
                codexConfig(r),
                defaultModel,
                models);
    }

    private static List<String> codexConfig(EnvReader r) {
        Optional<String> raw = r.optional("CCX_CODEX_CONFIG");
        if (raw.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(raw.get())) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new IOException("not an array");
            }
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                String entry = t == JsonToken.VALUE_STRING ? p.getText() : null;
                if (entry == null || entry.indexOf('=') < 1 || entry.contains("\n") || entry.indexOf('\0') >= 0) {
                    r.error("CCX_CODEX_CONFIG: every entry must be a one-line \"key=value\" string");
                    return List.of();
                }
                out.add(entry);
            }
            if (p.nextToken() != null) {
                throw new IOException("trailing content");
            }
        } catch (IOException | RuntimeException e) {
            r.error("CCX_CODEX_CONFIG: must be a JSON array of \"key=value\" strings");
            return List.of();
        }
        return out;
    }

    private static Set<Provider> providers(EnvReader r) {
        Set<Provider> out = EnumSet.noneOf(Provider.class);
        for (String name : r.csv("CCX_ALLOWED_PROVIDERS", List.of("claude", "codex"))) {
            Provider.fromWireName(name).ifPresentOrElse(out::add,
                    () -> r.error("CCX_ALLOWED_PROVIDERS: unknown provider '" + name + "' (claude, codex)"));
        }
        return out;
    }

    private static Set<CodexSandbox> sandboxes(EnvReader r) {
        Set<CodexSandbox> out = EnumSet.noneOf(CodexSandbox.class);
        for (String name : r.csv("CCX_ALLOWED_SANDBOXES",
                List.of("read-only", "workspace-write", "danger-full-access"))) {
            CodexSandbox.fromWireName(name).ifPresentOrElse(out::add,
                    () -> r.error("CCX_ALLOWED_SANDBOXES: unknown sandbox mode '" + name + "'"));
        }
        return out;
    }

    /**
     * Whether the agent's JVM will serve TLS itself ({@link Serving.JdkTls}), read from {@code env} the way
     * {@link #fromEnvironment} reads it: for work started before the configuration is read.
     */
    public static boolean jvmServesTls(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        return !r.bool(PLAIN_HTTP, false) && r.optional(TlsTerminator.BINARY_ENV).isEmpty();
    }

    private static Serving serving(EnvReader r, Map<String, String> env) {
        if (r.bool(PLAIN_HTTP, false)) {
            return new Serving.PlainHttp();
        }
        try {
            Optional<String> terminator = r.optional(TlsTerminator.BINARY_ENV);
            return terminator.isPresent()
                    ? new Serving.Terminated(TlsTerminator.Settings.fromEnvironment(env, terminator.get()))
                    : new Serving.JdkTls(ServerTls.fromEnvironment(env));
        } catch (TlsConfigException e) {
            r.error(e.getMessage() + " (or set CCX_DEV_PLAIN_HTTP=true for development)");
            return new Serving.PlainHttp();
        }
    }
}
