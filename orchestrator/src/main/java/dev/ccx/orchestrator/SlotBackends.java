package dev.ccx.orchestrator;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.transport.DockerHttpClient;
import dev.ccx.orchestrator.config.OrchestratorConfig;
import dev.ccx.orchestrator.slot.RunnerCredentials;
import dev.ccx.orchestrator.slot.SlotBackend;
import dev.ccx.orchestrator.slot.SlotUsageProbe;
import dev.ccx.orchestrator.slot.docker.DockerClients;
import dev.ccx.orchestrator.slot.docker.DockerSlotBackend;
import dev.ccx.orchestrator.slot.docker.DockerUsageProbe;
import dev.ccx.orchestrator.slot.docker.RunnerImage;
import dev.ccx.orchestrator.slot.docker.SelfContainer;
import dev.ccx.orchestrator.slot.docker.SubnetPool;
import dev.ccx.orchestrator.slot.kubernetes.KubernetesSlotBackend;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured slot backend (Docker by default, or Kubernetes) with what the orchestrator does around it:
 * resolving the runner image, preparing networks at start, refreshing the image and releasing it all at the end.
 */
final class SlotBackends implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlotBackends.class);
    private final SlotBackend backend;
    private final Supplier<String> imageId;
    private final BooleanSupplier refreshImage;
    private final Runnable prepare;
    private final Runnable release;
    private final SlotUsageProbe usage;

    private SlotBackends(SlotBackend backend, Supplier<String> imageId, BooleanSupplier refreshImage,
                         Runnable prepare, Runnable release, SlotUsageProbe usage) {
        this.backend = backend;
        this.usage = usage;
        this.imageId = imageId;
        this.refreshImage = refreshImage;
        this.prepare = prepare;
        this.release = release;
    }

    /** {@code perUserNetworks}: whether any policy gives users networks of their own (only those use spares). */
    static SlotBackends open(OrchestratorConfig config, RunnerCredentials credentials, boolean perUserNetworks) {
        return OrchestratorConfig.KUBERNETES.equals(config.backend()) ? kubernetes(config, credentials)
                : docker(config, credentials, perUserNetworks);
    }

    private static SlotBackends docker(OrchestratorConfig config, RunnerCredentials credentials,
                                       boolean perUserNetworks) {
        DockerClient docker = DockerClients.connect(config.dockerHost());
        RunnerImage image = new RunnerImage(docker, config.runnerImage());
        DockerSlotBackend backend = new DockerSlotBackend(docker, config.instance(), credentials,
                SelfContainer.id(config.selfContainer()), new SubnetPool(config.runnerSubnets(), 28),
                perUserNetworks ? config.spareNetworks() : 0, image, config.runnerExtraHosts());
        DockerHttpClient raw = DockerClients.raw(config.dockerHost(), 4, Duration.ofSeconds(10));
        SlotUsageProbe usage = new DockerUsageProbe(raw, config.instance(), Clock.systemUTC());
        return new SlotBackends(backend, image, image::refresh,
                () -> {
                    backend.prepareNetwork(config.runnerNetwork());
                    backend.prepareSpares();
                },
                () -> {
                    try {
                        backend.releaseNetworks();
                    } catch (RuntimeException e) {
                        LOG.debug("releasing runner networks: {}", e.toString());
                    }
                    try (raw) {
                        docker.close();
                    } catch (IOException e) {
                        LOG.debug("closing docker client: {}", e.toString());
                    }
                }, usage);
    }

    /** The image reference is the image id: roll out a new runner image by changing its tag or digest. */
    private static SlotBackends kubernetes(OrchestratorConfig config, RunnerCredentials credentials) {
        KubernetesSlotBackend backend = KubernetesSlotBackend.connect(config.kubernetes(), config.instance(),
                credentials);
        return new SlotBackends(backend, config::runnerImage, () -> false, backend::prepare, backend::close,
                SlotUsageProbe.NONE);
    }

    SlotBackend backend() {
        return backend;
    }

    /** Measures what slots use; Kubernetes has no probe (usage is reported as unknown). */
    SlotUsageProbe usage() {
        return usage;
    }

    /** Resolves the runner image tag to the id runners are created from. */
    Supplier<String> imageId() {
        return imageId;
    }

    /** Re-reads the runner image; true when it changed, so slots move to it on their next use. */
    boolean refreshImage() {
        return refreshImage.getAsBoolean();
    }

    /** Prepares what runners need before any is adopted or created (networks, network policy). */
    void prepare() {
        prepare.run();
    }

    @Override
    public void close() {
        release.run();
    }
}
