package dev.ccx.orchestrator.bench;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.model.Container;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.it.DockerSupport;
import dev.ccx.orchestrator.it.Images;
import dev.ccx.orchestrator.it.OrchestratorProcess;
import dev.ccx.orchestrator.slot.SlotLabels;
import dev.ccx.orchestrator.slot.SlotNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Everything the benchmark runs against: the stand-in runner image, a policy, the orchestrator in a JVM of its own
 * (the image's JVM flags) on a fresh instance id, and the removal of every container, volume and network of that
 * instance at the end, also after a failure or Ctrl-C.
 */
final class BenchStack implements AutoCloseable {
    static final String IMAGE = "ccx-runner-bench:latest";
    static final String SERVICE_KEY = "bench-service-key-0123456789";
    static final String ADMIN_KEY = "bench-admin-key-0123456789";
    /** Users matching this glob are paused one second after their last request (see {@link #policy}). */
    static final String PAUSED_USERS = "bench-p";
    /** The orchestrator image's JVM flags (orchestrator/docker-entrypoint.sh) and its logging (access log at INFO). */
    private static final List<String> ORCHESTRATOR_JVM = List.of("-XX:+UseSerialGC", "-Xms32m",
            "-XX:MaxRAMPercentage=50",
            "-Dlogback.configurationFile=logback.xml");

    final String instance = "slotbench-" + Long.toHexString(System.nanoTime() & 0xffffffL);
    final SlotNames names = new SlotNames(instance);
    final Path dir;
    final DockerClient docker = DockerSupport.docker();
    private OrchestratorProcess orchestrator;
    private final Thread cleanupHook = new Thread(this::cleanup, "bench-cleanup");
    private boolean cleaned;

    private BenchStack(Path dir) {
        this.dir = dir;
    }

    /** Builds the stand-in image, writes the policy and starts the orchestrator. */
    static BenchStack start(BenchSettings settings) throws IOException {
        Path root = Images.repoRoot();
        String base = settings.baseImage().orElseGet(Images::runner);
        run(root, "docker", "build", "-q", "-f", "orchestrator/bench/standin.Dockerfile", "--build-arg",
                "BASE=" + base, "-t", IMAGE, "runner-image/cds");
        BenchStack stack = new BenchStack(Files.createTempDirectory("ccx-slot-bench"));
        Runtime.getRuntime().addShutdownHook(stack.cleanupHook);
        Path policy = stack.policy(root, settings.pause());
        Map<String, String> env = new HashMap<>();
        env.put("CCX_INSTANCE", stack.instance);
        env.put("CCX_LISTEN_HOST", "127.0.0.1");
        env.put("CCX_STATE_DIR", stack.dir.resolve("state").toString());
        env.put("CCX_SERVICE_KEYS", SERVICE_KEY);
        env.put("CCX_ADMIN_KEYS", ADMIN_KEY);
        env.put("CCX_RUNNER_IMAGE", IMAGE);
        env.put("CCX_RUNNER_NETWORK", "ccx-" + stack.instance);
        env.put("CCX_POLICY_FILE", policy.toString());
        env.put("CCX_MAX_RUNNING_SLOTS", "1000");
        env.put("CCX_REAP_INTERVAL", "500ms");
        env.put("CCX_SPARE_NETWORKS", System.getenv().getOrDefault("SPARE_NETWORKS", "2"));
        List<String> jvm = new ArrayList<>(ORCHESTRATOR_JVM);
        settings.orchestratorJavaOpts().ifPresent(opts -> jvm.addAll(List.of(opts.trim().split("\\s+"))));
        stack.orchestrator = OrchestratorProcess.start(env, stack.dir, jvm);
        return stack;
    }

    /** The repository's default policy, with a one-second pause_after for the users whose resume is measured. */
    private Path policy(Path root, boolean pause) throws IOException {
        String text = Files.readString(root.resolve("policies/default.yaml"));
        String override = pause ? "overrides:\n  - match: \"" + PAUSED_USERS + "*\"\n    limits: {pause_after: 1s}\n"
                : "overrides: []\n";
        text = text.replaceFirst("(?m)^overrides: \\[\\]\\s*$", override);
        Files.copy(root.resolve("policies/seccomp-runner.json"), dir.resolve("seccomp-runner.json"));
        return Files.writeString(dir.resolve("policy.yaml"), text);
    }

    String baseUrl() {
        return orchestrator.baseUrl();
    }

    Path stateDir() {
        return dir.resolve("state");
    }

    double orchestratorRssMiB() throws IOException {
        return orchestrator.rssMiB();
    }

    String slot(String user) {
        return names.slotName(new UserId(user));
    }

    Optional<InspectContainerResponse> container(String user) {
        try {
            return Optional.of(docker.inspectContainerCmd(slot(user)).exec());
        } catch (DockerException e) {
            return Optional.empty();
        }
    }

    /** The runner's address on its own network, for direct calls. */
    String runnerAddress(String user) {
        return DockerSupport.runnerEndpoint(container(user).orElseThrow()).getIpAddress();
    }

    boolean paused(String user) {
        return container(user).map(c -> Boolean.TRUE.equals(c.getState().getPaused())).orElse(false);
    }

    String dockerVersion() {
        return docker.versionCmd().exec().getVersion();
    }

    /** Stops the orchestrator (it drains), then removes this instance's runners, volumes and networks. */
    @Override
    public void close() {
        cleanup();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
    }

    private synchronized void cleanup() {
        if (cleaned) {
            return;
        }
        cleaned = true;
        if (orchestrator != null) {
            orchestrator.close();
        }
        Map<String, String> mine = Map.of(SlotLabels.INSTANCE, instance);
        List<Container> runners = docker.listContainersCmd().withShowAll(true).withLabelFilter(mine).exec();
        ExecutorService removers = Executors.newFixedThreadPool(4);
        runners.forEach(c -> removers.execute(() -> quietly(() ->
                docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(false).exec())));
        removers.shutdown();
        quietly(() -> removers.awaitTermination(5, TimeUnit.MINUTES));
        List<String> labels = List.of(SlotLabels.INSTANCE + "=" + instance);
        docker.listVolumesCmd().withFilter("label", labels).exec().getVolumes()
                .forEach(v -> quietly(() -> docker.removeVolumeCmd(v.getName()).exec()));
        Set<String> networks = new HashSet<>();
        docker.listNetworksCmd().withFilter("label", labels).exec().forEach(n -> networks.add(n.getId()));
        docker.listNetworksCmd().withNameFilter("ccx-" + instance).exec().forEach(n -> networks.add(n.getId()));
        networks.forEach(id -> quietly(() -> docker.removeNetworkCmd(id).exec()));
        System.err.printf("[bench] removed %d runner(s), their volumes and networks of instance %s%n",
                runners.size(), instance);
    }

    private interface Action {
        Object run() throws Exception;
    }

    private static void quietly(Action action) {
        try {
            action.run();
        } catch (Exception e) {
            System.err.println("[bench] cleanup: " + e.getMessage());
        }
    }

    /** Runs a command in {@code dir} and fails with its output when it fails. */
    static String run(Path dir, String... command) throws IOException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        try {
            if (process.waitFor() != 0) {
                throw new IOException(String.join(" ", command) + " failed:\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return output;
    }
}
