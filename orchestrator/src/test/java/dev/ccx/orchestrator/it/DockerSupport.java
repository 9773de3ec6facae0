package dev.ccx.orchestrator.it;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.ccx.orchestrator.slot.docker.DockerClients;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The one place integration tests decide what a missing Docker engine means: a failure when {@code CI=true},
 * a skip on a developer machine without Docker.
 */
public final class DockerSupport {
    private static DockerClient client;

    private DockerSupport() {}

    public static synchronized DockerClient docker() {
        if (client == null) {
            DockerClient candidate = DockerClients.connect(System.getenv().getOrDefault("CCX_DOCKER_HOST",
                    "unix:///var/run/docker.sock"));
            try {
                candidate.pingCmd().exec();
            } catch (RuntimeException e) {
                String why = "no Docker engine reachable (" + e.getClass().getSimpleName() + ")";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    Assertions.fail(why + "; CI=true requires Docker integration tests to run");
                }
                Assumptions.abort(why + "; skipping Docker integration tests outside CI");
            }
            client = candidate;
        }
        return client;
    }

    /**
     * The container that holds a runner's network: the runner itself, or the anchor whose namespace it joined
     * (network mode {@code container:<id>}).
     */
    public static InspectContainerResponse networkHolder(InspectContainerResponse runner) {
        String mode = runner.getHostConfig().getNetworkMode();
        return mode.startsWith("container:") ? docker().inspectContainerCmd(mode.substring("container:".length()))
                .exec() : runner;
    }

    /** The network a runner lives on, directly or through its anchor. */
    public static String runnerNetwork(InspectContainerResponse runner) {
        return networkHolder(runner).getHostConfig().getNetworkMode();
    }

    /** The runner's endpoint (address) on that network. */
    public static ContainerNetwork runnerEndpoint(InspectContainerResponse runner) {
        InspectContainerResponse holder = networkHolder(runner);
        return holder.getNetworkSettings().getNetworks().get(holder.getHostConfig().getNetworkMode());
    }
}
