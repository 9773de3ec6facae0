package dev.ccx.orchestrator.slot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Network;
import dev.ccx.orchestrator.it.DockerSupport;
import dev.ccx.orchestrator.it.Images;
import dev.ccx.orchestrator.slot.docker.DockerSlotBackend;
import dev.ccx.orchestrator.slot.docker.RunnerImage;
import dev.ccx.orchestrator.slot.docker.SubnetPool;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The slot backend contract with per-user networks taken from spares made ahead of need, plus what spares must
 * guarantee: one slot per spare, whose runner lives in the namespace of the spare's anchor; purged with its slot;
 * exchanged for a new one when the runner is recreated or started again; tidied at start and shutdown.
 */
class DockerSpareNetworksIT extends SlotBackendContract {
    private static final String INSTANCE = "contractspare";
    private static final DockerClient DOCKER = DockerSupport.docker();
    @TempDir
    static Path state;
    private static CertificateAuthority ca;
    private static DockerSlotBackend backend;
    private static String imageId;

    @BeforeAll
    static void start() {
        String image = Images.runner();
        ca = CertificateAuthority.loadOrCreate(state);
        imageId = new RunnerImage(DOCKER, image).get();
        backend = backend(INSTANCE, 2);
        backend.prepareSpares();
    }

    @AfterAll
    static void shutDown() {
        backend.releaseNetworks();
        assertThat(spares(INSTANCE)).as("spares left after shutdown").isEmpty();
        assertThat(anchors(INSTANCE)).as("anchors left after shutdown").isEmpty();
    }

    private static DockerSlotBackend backend(String instance, int spares) {
        return new DockerSlotBackend(DOCKER, instance, slot -> RunnerTlsEnvironment.issue(ca, slot).variables(),
                Optional.empty(), new SubnetPool("10.202.0.0/16", 28), spares, () -> imageId, List.of());
    }

    @Override
    protected SlotBackend backend() {
        return backend;
    }

    @Override
    protected String imageId() {
        return imageId;
    }

    /** A stopped runner on a spare is created again on a new spare when one is ready (its volumes kept). */
    @Override
    protected boolean resumeKeepsRunnerId() {
        return false;
    }

    @Override
    protected RunnerNetwork network(String slotName) {
        return RunnerNetwork.dedicatedTo(slotName);
    }

    @Test
    void a_cold_start_takes_a_ready_spare_for_that_slot_alone_and_the_reserve_refills() {
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        SlotSpec alice = spec("alice", Map.of());
        SlotSpec bob = spec("bob", Map.of());
        assertThat(backend.ensureRunning(alice).host()).isPresent();
        assertThat(backend.ensureRunning(bob).host()).isPresent();

        String aliceNet = networkOf(alice.slotName());
        String bobNet = networkOf(bob.slotName());
        assertThat(aliceNet).startsWith("ccx-" + INSTANCE + "-spare-").isNotEqualTo(bobNet);
        assertThat(bobNet).startsWith("ccx-" + INSTANCE + "-spare-");
        assertAnchored(alice.slotName(), aliceNet);
        assertAnchored(bob.slotName(), bobNet);
        assertThat(exists(alice.network().name())).as("no network of the slot's own name was made").isFalse();
        awaitTrue(() -> backend.sparesReady() == 2, "the reserve refilled");
        assertThat(spares(INSTANCE)).contains(aliceNet, bobNet).hasSize(4);
    }

    @Test
    void purge_removes_the_spare_a_runner_took_and_nothing_of_another_slot() {
        SlotSpec alice = spec("alice", Map.of());
        SlotSpec bob = spec("bob", Map.of());
        backend.ensureRunning(alice);
        backend.ensureRunning(bob);
        String aliceNet = networkOf(alice.slotName());

        backend.remove(alice.slotName(), new HashSet<>(alice.volumeNames()));

        assertThat(exists(aliceNet)).isFalse();
        assertThat(containerExists(aliceNet)).as("alice's anchor").isFalse();
        assertAnchored(bob.slotName(), networkOf(bob.slotName()));
    }

    @Test
    void a_recreated_or_restarted_runner_takes_a_new_spare_and_its_old_one_goes() {
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        SlotSpec before = spec("alice", Map.of());
        SlotInstance first = backend.ensureRunning(before);
        String network = networkOf(before.slotName());

        SlotSpec changed = spec("alice", Map.of("CCX_CONTRACT_MARK", "2"));
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        SlotInstance second = backend.ensureRunning(changed);
        assertThat(second.containerId()).isNotEqualTo(first.containerId());
        String recreatedOn = networkOf(changed.slotName());
        assertThat(recreatedOn).startsWith("ccx-" + INSTANCE + "-spare-").isNotEqualTo(network);
        assertAnchored(changed.slotName(), recreatedOn);
        awaitTrue(() -> !exists(network) && !containerExists(network), "the old spare and its anchor removed");

        backend.stop(changed.slotName());
        assertThat(running(recreatedOn)).as("the anchor stops with its runner").isFalse();
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        SlotInstance third = backend.ensureRunning(changed);
        assertThat(third.host()).isPresent();
        String restartedOn = networkOf(changed.slotName());
        assertThat(restartedOn).isNotEqualTo(recreatedOn);
        assertAnchored(changed.slotName(), restartedOn);
        awaitTrue(() -> !exists(recreatedOn) && !containerExists(recreatedOn), "the old spare and its anchor removed");
        assertThat(runnersOf(changed.slotName())).as("the stopped runner, renamed, is removed after the start")
                .containsExactly(third.containerId());
    }

    @Test
    void a_replaced_runner_left_behind_by_an_orchestrator_is_removed_at_adoption_and_by_purge() {
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        SlotSpec alice = spec("alice", Map.of());
        SlotInstance first = backend.ensureRunning(alice);
        backend.stop(alice.slotName());
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        // what a resume leaves when its orchestrator stops before removing the runner it replaced
        DOCKER.renameContainerCmd(first.containerId()).withName(alice.slotName() + "-replaced-left").exec();
        SlotInstance second = backend.ensureRunning(alice);
        assertThat(runnersOf(alice.slotName())).containsExactlyInAnyOrder(first.containerId(), second.containerId());

        assertThat(backend.listManaged()).extracting(SlotInstance::containerId).contains(second.containerId())
                .doesNotContain(first.containerId());
        assertThat(runnersOf(alice.slotName())).containsExactly(second.containerId());

        backend.stop(alice.slotName());
        String secondNet = networkOf(second.containerId());
        DOCKER.renameContainerCmd(second.containerId()).withName(alice.slotName() + "-replaced-purge").exec();
        PurgeResult purge = backend.remove(alice.slotName(), new HashSet<>(alice.volumeNames()));
        assertThat(purge.volumesRemoved()).containsExactlyInAnyOrderElementsOf(alice.volumeNames());
        assertThat(runnersOf(alice.slotName())).isEmpty();
        assertThat(exists(secondNet)).as("the replaced runner's spare").isFalse();
        assertThat(containerExists(secondNet)).as("and its anchor").isFalse();
    }

    /** Every runner container of {@code slotName}, whatever its name. */
    private static List<String> runnersOf(String slotName) {
        return DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.ccx.instance", INSTANCE,
                "dev.ccx.slot", slotName, "dev.ccx.kind", "runner")).exec().stream().map(Container::getId).toList();
    }

    @Test
    void a_stopped_runner_with_no_spare_ready_is_started_with_its_anchor() {
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        SlotSpec alice = spec("alice", Map.of());
        backend.ensureRunning(alice);
        String network = networkOf(alice.slotName());
        backend.stop(alice.slotName());
        assertThat(running(network)).isFalse();

        DockerSlotBackend noSpares = backend(INSTANCE, 0); // the same runners, but no spare to move to
        SlotInstance resumed = noSpares.ensureRunning(alice);

        assertThat(resumed.host()).as("the anchor's address").isPresent();
        assertThat(networkOf(alice.slotName())).isEqualTo(network);
        assertThat(running(network)).isTrue();
        assertAnchored(alice.slotName(), network);
        assertThat(backend.inspect(alice.slotName()).orElseThrow().host()).isEqualTo(resumed.host());
    }

    @Test
    void a_start_that_fails_before_its_runner_exists_removes_the_spare_it_took_and_refills() {
        awaitTrue(() -> backend.sparesReady() == 2, "two spares ready");
        List<String> before = spares(INSTANCE);
        SlotSpec good = spec("broken", Map.of());
        SlotSpec broken = new SlotSpec(good.user(), good.slotName(), good.image(), "sha256:" + "0".repeat(64),
                good.volumes(), good.env(), good.limits(), good.network(), good.extraHosts(),
                good.seccompProfileJson(), good.agentPort());

        assertThatThrownBy(() -> backend.ensureRunning(broken)).isInstanceOf(RuntimeException.class);

        assertThat(backend.inspect(broken.slotName())).isEmpty();
        List<String> gone = before.stream().filter(n -> !exists(n)).toList();
        assertThat(gone).as("the spare the failed start took").hasSize(1);
        assertThat(containerExists(gone.get(0))).as("its anchor").isFalse();
        awaitTrue(() -> backend.sparesReady() == 2, "the reserve refilled");
    }

    @Test
    void without_start_up_preparation_the_first_cold_start_makes_its_own_network_and_starts_the_reserve() {
        DockerSlotBackend lazy = backend("sparelazy", 1); // as if Docker was unreachable when it started
        SlotSpec first = spec("first-lazy", Map.of());
        SlotSpec second = spec("second-lazy", Map.of());
        try {
            lazy.ensureRunning(first);
            assertThat(networkOf(first.slotName())).isEqualTo(first.network().name());
            awaitTrue(() -> lazy.sparesReady() == 1, "a spare made after the first cold start");
            lazy.ensureRunning(second);
            assertThat(networkOf(second.slotName())).startsWith("ccx-sparelazy-spare-");
        } finally {
            lazy.remove(first.slotName(), new HashSet<>(first.volumeNames()));
            lazy.remove(second.slotName(), new HashSet<>(second.volumeNames()));
            lazy.releaseNetworks();
            assertThat(spares("sparelazy")).isEmpty();
            assertThat(exists(first.network().name())).isFalse();
        }
    }

    /**
     * A spare's anchor is inspected beside the runner's creation, and its address used for the runner; an anchor
     * that Docker stopped in between is started again, and the runner then gets the address it has now.
     */
    @Test
    void a_spare_whose_anchor_docker_stopped_is_started_again_and_the_runner_has_its_address() {
        String instance = "sparestopped";
        DockerSlotBackend own = withOneSpare(instance);
        SlotSpec carol = spec("carol-anchor", Map.of()); // purged here: the contract's purge is another instance's
        try {
            List<String> ready = anchors(instance);
            assertThat(ready).hasSize(1);
            DOCKER.stopContainerCmd(ready.get(0)).withTimeout(1).exec();
            assertThat(running(ready.get(0))).isFalse();

            SlotInstance started = own.ensureRunning(carol);

            assertThat(networkOf(carol.slotName())).isEqualTo(ready.get(0));
            assertThat(running(ready.get(0))).as("the anchor, started again").isTrue();
            assertAnchored(carol.slotName(), ready.get(0));
            String address = DOCKER.inspectContainerCmd(ready.get(0)).exec().getNetworkSettings().getNetworks()
                    .get(ready.get(0)).getIpAddress();
            assertThat(started.host()).as("the anchor's address now").contains(address);
            assertThat(own.inspect(carol.slotName()).orElseThrow().host()).isEqualTo(started.host());
            awaitTrue(() -> own.sparesReady() == 1, "the reserve refilled");

            own.remove(carol.slotName(), new HashSet<>(carol.volumeNames()));
            own.releaseNetworks();
            assertThat(spares(instance)).isEmpty();
            assertThat(anchors(instance)).isEmpty();
        } finally {
            quietly(() -> own.remove(carol.slotName(), new HashSet<>(carol.volumeNames())));
            quietly(own::releaseNetworks);
            removeAll(instance);
        }
    }

    @Test
    void a_restarted_orchestrator_removes_untaken_spares_but_keeps_a_stopped_runners() {
        String instance = "sparerestart";
        DockerSlotBackend first = withOneSpare(instance);
        SlotSpec alice = spec("alice-restart", Map.of()); // purged here: the contract's purge is another instance's
        try {
            first.ensureRunning(alice);
            String aliceNet = networkOf(alice.slotName());
            awaitTrue(() -> first.sparesReady() == 1, "the reserve refilled");
            List<String> untaken = spares(instance).stream().filter(n -> !n.equals(aliceNet)).toList();
            assertThat(untaken).hasSize(1);
            first.stop(alice.slotName());

            DockerSlotBackend second = backend(instance, 1);
            second.prepareSpares();
            awaitTrue(() -> second.sparesReady() == 1 && !exists(untaken.get(0)), "old spare gone, new one ready");
            assertThat(containerExists(untaken.get(0))).as("the untaken spare's anchor").isFalse();
            assertThat(exists(aliceNet)).as("the stopped runner's network").isTrue();
            assertThat(containerExists(aliceNet)).as("the stopped runner's anchor").isTrue();
            assertThat(second.ensureRunning(alice).host()).isPresent();
            String movedTo = networkOf(alice.slotName());
            assertThat(movedTo).as("started again on the new spare").isNotEqualTo(aliceNet);
            awaitTrue(() -> !exists(aliceNet) && !containerExists(aliceNet), "its old spare removed");

            second.releaseNetworks();
            assertThat(spares(instance)).containsExactly(movedTo);
            second.remove(alice.slotName(), new HashSet<>(alice.volumeNames()));
            assertThat(spares(instance)).isEmpty();
            assertThat(anchors(instance)).isEmpty();
        } finally {
            first.remove(alice.slotName(), new HashSet<>(alice.volumeNames()));
            removeAll(instance);
        }
    }

    /** A backend of an instance of its own, with one spare ready; its test removes what it leaves. */
    private static DockerSlotBackend withOneSpare(String instance) {
        DockerSlotBackend own = backend(instance, 1);
        own.prepareSpares();
        awaitTrue(() -> own.sparesReady() == 1, "a spare ready");
        return own;
    }

    /** Clean-up after a test with an instance of its own: its anchors, then its spare networks. */
    private static void removeAll(String instance) {
        anchors(instance).forEach(a -> quietly(() -> DOCKER.removeContainerCmd(a).withForce(true).exec()));
        spares(instance).forEach(n -> quietly(() -> DOCKER.removeNetworkCmd(n).exec()));
    }

    private static String networkOf(String container) {
        return DockerSupport.runnerNetwork(DOCKER.inspectContainerCmd(container).exec());
    }

    /** The runner joined the namespace of its spare's anchor, the only container on that network. */
    private static void assertAnchored(String runner, String network) {
        String anchorId = DOCKER.inspectContainerCmd(network).exec().getId();
        assertThat(DOCKER.inspectContainerCmd(runner).exec().getHostConfig().getNetworkMode())
                .isEqualTo("container:" + anchorId);
        assertThat(attached(network)).containsExactly(network);
    }

    /** Clean-up after a failure: a removal Docker is already doing elsewhere must not hide that failure. */
    private static void quietly(Runnable removal) {
        try {
            removal.run();
        } catch (RuntimeException e) {
            System.err.println("clean-up: " + e.getMessage());
        }
    }

    private static boolean containerExists(String name) {
        try {
            DOCKER.inspectContainerCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static boolean running(String name) {
        return Boolean.TRUE.equals(DOCKER.inspectContainerCmd(name).exec().getState().getRunning());
    }

    private static List<String> anchors(String instance) {
        return DOCKER.listContainersCmd().withShowAll(true).withLabelFilter(Map.of("dev.ccx.instance", instance,
                "dev.ccx.kind", "network-anchor")).exec().stream().map(c -> c.getNames()[0].substring(1)).toList();
    }

    private static List<String> attached(String network) {
        Map<String, Network.ContainerNetworkConfig> containers =
                DOCKER.inspectNetworkCmd().withNetworkId(network).exec().getContainers();
        return containers == null ? List.of()
                : containers.values().stream().map(Network.ContainerNetworkConfig::getName).toList();
    }

    private static boolean exists(String network) {
        try {
            DOCKER.inspectNetworkCmd().withNetworkId(network).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private static List<String> spares(String instance) {
        return DOCKER.listNetworksCmd().withFilter("label", List.of("dev.ccx.instance=" + instance,
                "dev.ccx.kind=network-spare")).exec().stream().map(Network::getName).toList();
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for: " + what).isLessThan(deadline);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
