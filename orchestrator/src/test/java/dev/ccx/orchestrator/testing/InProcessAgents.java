package dev.ccx.orchestrator.testing;

import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.http.AgentServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts the real runner agent in this JVM as a slot's "container": its mutual TLS, the spec's environment (the
 * policy's jobs quota included) and one directory per volume under a temporary root, so each user has their own.
 */
public final class InProcessAgents implements FakeSlotBackend.Starter {
    private final Path root;

    public InProcessAgents(Path root) {
        this.root = root;
    }

    /** Where the jobs volume {@code volumeName} lives on this machine. */
    public Path volume(String volumeName) {
        return root.resolve(volumeName);
    }

    @Override
    public FakeSlotBackend.Started start(SlotSpec spec, Map<String, String> tlsEnv) throws IOException {
        Path jobs = Files.createDirectories(volume(spec.volumes().get(VolumeKind.JOBS)));
        Path home = Files.createDirectories(root.resolve(spec.slotName() + "-home"));
        Map<String, String> env = new HashMap<>(spec.env());
        env.putAll(tlsEnv);
        env.put("CCX_SLOT", spec.slotName());
        env.put("CCX_BIND", "127.0.0.1");
        env.put("CCX_PORT", "0");
        env.put("CCX_JOBS_DIR", jobs.toString());
        env.put("CCX_WORK_DIR", home.resolve("work").toString());
        env.put("CCX_TMP_DIR", home.resolve("tmp").toString());
        env.put("CCX_HOME", home.toString());
        env.put("CCX_CLAUDE_HOME", home.resolve(".claude").toString());
        env.put("CCX_CODEX_HOME", home.resolve(".codex").toString());
        AgentServer server = AgentServer.start(AgentConfig.fromEnvironment(env));
        return new FakeSlotBackend.Started() {
            @Override
            public int port() {
                return server.port();
            }

            @Override
            public void close() {
                server.close();
            }
        };
    }
}
