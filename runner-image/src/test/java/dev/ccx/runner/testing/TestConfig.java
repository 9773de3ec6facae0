package dev.ccx.runner.testing;

import dev.ccx.runner.config.AgentConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds agent configurations for tests from a temporary directory, never from the real environment. */
public final class TestConfig {

    private final Path root;
    private final Map<String, String> env = new HashMap<>();

    private TestConfig(Path root) {
        this.root = root;
        try {
            for (String dir : new String[] {"jobs", "work", "tmp", "home/.claude", "home/.codex", "bin"}) {
                Files.createDirectories(root.resolve(dir));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        env.put("CCX_DEV_PLAIN_HTTP", "true");
        env.put("CCX_SLOT", "alice");
        env.put("CCX_BIND", "127.0.0.1");
        env.put("CCX_PORT", "0");
        env.put("CCX_JOBS_DIR", root.resolve("jobs").toString());
        env.put("CCX_WORK_DIR", root.resolve("work").toString());
        env.put("CCX_TMP_DIR", root.resolve("tmp").toString());
        env.put("CCX_HOME", root.resolve("home").toString());
        env.put("CCX_CLAUDE_HOME", root.resolve("home/.claude").toString());
        env.put("CCX_CODEX_HOME", root.resolve("home/.codex").toString());
        env.put("CCX_RETRY_DELAY_MS", "0");
        env.put("CCX_KILL_GRACE_MS", "300");
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    }

    /** A configuration rooted in {@code root} (jobs, work, homes created below it), plain HTTP on a free port. */
    public static TestConfig in(Path root) {
        return new TestConfig(root);
    }

    public TestConfig with(String name, String value) {
        env.put(name, value);
        return this;
    }

    public Path root() {
        return root;
    }

    public Path jobs() {
        return root.resolve("jobs");
    }

    public Map<String, String> env() {
        return Map.copyOf(env);
    }

    public AgentConfig build() {
        return AgentConfig.fromEnvironment(env);
    }
}
