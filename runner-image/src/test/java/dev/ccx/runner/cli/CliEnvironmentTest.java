package dev.ccx.runner.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.testing.TestConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliEnvironmentTest {

    @TempDir
    Path dir;

    private AgentConfig config() {
        return TestConfig.in(dir)
                .with("CCX_TLS_KEY", "-----BEGIN PRIVATE KEY-----secret")
                .with("CCX_TLS_CERT", "cert")
                .with("AGENT_SECRET", "do-not-leak")
                .with("CCX_CLI_ENV", "ANTHROPIC_API_KEY,OPENAI_API_KEY,HTTPS_PROXY")
                .with("ANTHROPIC_API_KEY", "sk-ant-1")
                .with("OPENAI_API_KEY", "sk-oai-1")
                .with("HTTPS_PROXY", "http://proxy:3128")
                .with("TZ", "Europe/Berlin")
                .build();
    }

    @Test
    void claude_gets_only_the_allowlist_the_homes_and_the_quiet_flags() {
        AgentConfig c = config();

        Map<String, String> env = CliEnvironment.build(Provider.CLAUDE, c.cli(), c.locations());

        assertThat(env).containsEntry("HOME", dir.resolve("home").toString())
                .containsEntry("CLAUDE_CONFIG_DIR", dir.resolve("home/.claude").toString())
                .containsEntry("TMPDIR", dir.resolve("tmp").toString())
                .containsEntry("DISABLE_TELEMETRY", "1").containsEntry("DISABLE_ERROR_REPORTING", "1")
                .containsEntry("DISABLE_AUTOUPDATER", "1").containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
                .containsEntry("ANTHROPIC_API_KEY", "sk-ant-1").containsEntry("HTTPS_PROXY", "http://proxy:3128")
                .containsEntry("TZ", "Europe/Berlin")
                .doesNotContainKey("CODEX_HOME");
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("CCX_")).doesNotContain("AGENT_SECRET");
        assertThat(env.values()).noneMatch(v -> v.contains("PRIVATE KEY") || v.contains("do-not-leak"));
    }

    @Test
    void codex_gets_its_home_and_no_claude_settings() {
        AgentConfig c = config();

        Map<String, String> env = CliEnvironment.build(Provider.CODEX, c.cli(), c.locations());

        assertThat(env).containsEntry("CODEX_HOME", dir.resolve("home/.codex").toString())
                .containsEntry("OPENAI_API_KEY", "sk-oai-1")
                .doesNotContainKeys("CLAUDE_CONFIG_DIR", "DISABLE_TELEMETRY");
        assertThat(env.keySet()).noneMatch(k -> k.startsWith("CCX_"));
    }
}
