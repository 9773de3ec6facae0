package dev.ccx.runner.cli;

import dev.ccx.runner.config.CliSettings;
import dev.ccx.runner.config.Locations;
import java.util.Map;
import java.util.TreeMap;

/**
 * The complete environment of a CLI, built from scratch (an allowlist): never the agent's own environment, so TLS
 * material and other agent settings cannot reach an agent that runs shell commands.
 */
public final class CliEnvironment {

    private CliEnvironment() {
    }

    /** The environment for {@code provider}. */
    public static Map<String, String> build(Provider provider, CliSettings cli, Locations locations) {
        Map<String, String> env = new TreeMap<>();
        cli.passThrough().forEach((name, value) -> {
            if (!name.startsWith("CCX_")) {
                env.put(name, value);
            }
        });
        String tmp = locations.tmpDir().toString();
        env.put("PATH", cli.path());
        env.put("HOME", locations.home().toString());
        env.put("LANG", cli.lang());
        if (!cli.timeZone().isEmpty()) {
            env.put("TZ", cli.timeZone());
        }
        env.put("TMPDIR", tmp);
        env.put("XDG_CACHE_HOME", tmp + "/xdg/cache");
        env.put("XDG_CONFIG_HOME", tmp + "/xdg/config");
        env.put("XDG_DATA_HOME", tmp + "/xdg/data");
        env.put("XDG_STATE_HOME", tmp + "/xdg/state");
        env.put("npm_config_cache", tmp + "/npm-cache");
        env.put("NO_COLOR", "1");
        if (provider == Provider.CLAUDE) {
            env.put("CLAUDE_CONFIG_DIR", locations.claudeHome().toString());
            env.put("DISABLE_TELEMETRY", "1");
            env.put("DISABLE_ERROR_REPORTING", "1");
            env.put("DISABLE_AUTOUPDATER", "1");
            env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
        } else {
            env.put("CODEX_HOME", locations.codexHome().toString());
        }
        return env;
    }
}
