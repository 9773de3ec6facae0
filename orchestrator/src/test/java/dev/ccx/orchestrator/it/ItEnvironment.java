package dev.ccx.orchestrator.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.orchestrator.Orchestrator;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.slot.SlotLabels;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real orchestrator (in this JVM) on real Docker with the real runner image, its runners' CLIs pointed at the
 * project's fake model server; one instance id per test class so runs never see each other's containers.
 */
public final class ItEnvironment implements AutoCloseable {
    public static final String SERVICE_KEY = "it-service-key-0123456789";
    public static final String ADMIN_KEY = "it-admin-key-0123456789";
    /** Stands for the fake model's URL as runners reach it ({@code http://host.docker.internal:<port>}) in overrides. */
    public static final String FAKE_MODEL = "{fake-model}";
    public final String instance = "it" + Long.toHexString(System.nanoTime() & 0xffffffL);
    public final FakeModelServer model;
    public final Path stateDir;
    private final Map<String, String> overrides;
    public Orchestrator orchestrator;

    public ItEnvironment(Path stateDir, Map<String, String> overrides) {
        this(stateDir, overrides, true);
    }

    private ItEnvironment(Path stateDir, Map<String, String> overrides, boolean startOrchestrator) {
        Images.runner();
        this.stateDir = stateDir;
        this.overrides = Map.copyOf(overrides);
        try {
            model = FakeModelServer.start(0, "0.0.0.0");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (startOrchestrator) {
            orchestrator = Orchestrator.start(config());
        }
    }

    /** Everything but the orchestrator, which the test starts itself (e.g. in another JVM, from {@link #env()}). */
    public static ItEnvironment withoutOrchestrator(Path stateDir, Map<String, String> overrides) {
        return new ItEnvironment(stateDir, overrides, false);
    }

    public OrchestratorConfig config() {
        return OrchestratorConfig.fromEnv(env());
    }

    /** The orchestrator's environment variables. */
    public Map<String, String> env() {
        String base = "http://host.docker.internal:" + model.port();
        Map<String, String> env = new HashMap<>();
        env.put("CCX_INSTANCE", instance);
        env.put("CCX_LISTEN_HOST", "127.0.0.1");
        env.put("CCX_PORT", "0");
        env.put("CCX_STATE_DIR", stateDir.toString());
        env.put("CCX_SERVICE_KEYS", SERVICE_KEY);
        env.put("CCX_ADMIN_KEYS", ADMIN_KEY);
        env.put("CCX_RUNNER_NETWORK", "ccx-" + instance);
        env.put("CCX_RUNNER_EXTRA_HOSTS", "host.docker.internal:host-gateway");
        env.put("CCX_RUNNER_ENV_ANTHROPIC_BASE_URL", base);
        env.put("CCX_RUNNER_ENV_ANTHROPIC_API_KEY", "test-key");
        env.put("CCX_RUNNER_ENV_CLAUDE_CODE_MAX_RETRIES", "0");
        env.put("CCX_RUNNER_ENV_FAKE_KEY", "test-key");
        env.put("CCX_CODEX_CONFIG", "[\"model_provider=\\\"fake\\\"\",\"model_providers.fake.name=\\\"fake\\\"\","
                + "\"model_providers.fake.base_url=\\\"" + base + "/v1\\\"\","
                + "\"model_providers.fake.wire_api=\\\"responses\\\"\","
                + "\"model_providers.fake.env_key=\\\"FAKE_KEY\\\"\"]");
        overrides.forEach((name, value) -> env.put(name, value.replace(FAKE_MODEL, base)));
        return env;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + orchestrator.port();
    }

    /** Stops the orchestrator and starts a new one on the same state, as a restart would. */
    public void restart() {
        orchestrator.close();
        orchestrator = Orchestrator.start(config());
    }

    public List<Container> runners() {
        return docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SlotLabels.INSTANCE, instance, SlotLabels.KIND, "runner")).exec();
    }

    public List<InspectVolumeResponse> volumes() {
        return docker().listVolumesCmd().withFilter("label", List.of(SlotLabels.INSTANCE + "=" + instance))
                .exec().getVolumes();
    }

    public DockerClient docker() {
        return DockerSupport.docker();
    }

    /** Removes everything this environment created: runners, volumes, the runner network. */
    @Override
    public void close() {
        if (orchestrator != null) {
            orchestrator.close();
        }
        model.close();
        for (Container c : runners()) {
            docker().removeContainerCmd(c.getId()).withForce(true).exec();
        }
        for (Container c : docker().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(SlotLabels.INSTANCE, instance, SlotLabels.KIND, "network-anchor")).exec()) {
            docker().removeContainerCmd(c.getId()).withForce(true).exec(); // after the runners in their namespaces
        }
        for (InspectVolumeResponse v : volumes()) {
            docker().removeVolumeCmd(v.getName()).exec();
        }
        for (Network n : docker().listNetworksCmd().withNameFilter("ccx-" + instance).exec()) {
            docker().removeNetworkCmd(n.getId()).exec();
        }
    }
}
