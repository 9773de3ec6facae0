package dev.ccx.orchestrator.slot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.policy.RunnerLimits;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link SlotBackend} must have; run against the fake and the Docker backend. */
public abstract class SlotBackendContract {
    protected final SlotNames names = new SlotNames("contract" + Long.toHexString(System.nanoTime() & 0xffffff));
    private final List<UserId> used = new java.util.ArrayList<>();

    protected abstract SlotBackend backend();

    /** The image id runners are created from, and a different valid one to simulate a new image. */
    protected abstract String imageId();

    protected Map<String, String> extraEnv() {
        return Map.of();
    }

    protected SlotSpec spec(String user, Map<String, String> env) {
        UserId id = new UserId(user);
        used.add(id);
        Map<VolumeKind, String> volumes = new EnumMap<>(VolumeKind.class);
        for (VolumeKind kind : VolumeKind.values()) {
            volumes.put(kind, names.volumeName(id, kind));
        }
        Map<String, String> allEnv = new java.util.TreeMap<>(extraEnv());
        allEnv.putAll(env);
        return new SlotSpec(id, names.slotName(id), "ccx-runner:latest", imageId(), volumes, allEnv,
                new RunnerLimits(512L << 20, 0.5, 128, 64L << 20, Optional.empty()), network(names.slotName(id)), List.of(),
                Optional.empty(), 8443);
    }

    protected RunnerNetwork network(String slotName) {
        return RunnerNetwork.shared("ccx-contract");
    }

    /**
     * Whether a resumed runner keeps its id. Docker starts the stopped container again, unless it was created on
     * a spare network and a new spare is ready (then it is created again there); a Kubernetes Pod cannot be
     * stopped, so a resume creates a new Pod on the same claims (that backend's own test checks the claims).
     */
    protected boolean resumeKeepsRunnerId() {
        return true;
    }

    @AfterEach
    void purgeEverything() {
        for (UserId user : used) {
            backend().remove(names.slotName(user), new HashSet<>(allVolumes(user)));
        }
    }

    private List<String> allVolumes(UserId user) {
        return List.of(names.volumeName(user, VolumeKind.CLAUDE), names.volumeName(user, VolumeKind.CODEX),
                names.volumeName(user, VolumeKind.JOBS));
    }

    @Test
    void ensure_running_creates_a_running_labelled_runner_and_is_idempotent() {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance first = backend().ensureRunning(spec);
        SlotInstance again = backend().ensureRunning(spec);
        assertThat(first.running()).isTrue();
        assertThat(first.user()).isEqualTo(new UserId("alice"));
        assertThat(first.slotName()).isEqualTo(spec.slotName());
        assertThat(first.configHash()).isEqualTo(spec.configHash());
        assertThat(again.containerId()).isEqualTo(first.containerId());
    }

    @Test
    void a_stopped_runner_is_resumed_not_recreated() {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance first = backend().ensureRunning(spec);
        assertThat(backend().stop(spec.slotName())).isTrue();
        assertThat(backend().inspect(spec.slotName()).orElseThrow().running()).isFalse();
        assertThat(backend().stop(spec.slotName())).isFalse();
        SlotInstance resumed = backend().ensureRunning(spec);
        assertThat(resumed.running()).isTrue();
        assertThat(resumed.configHash()).isEqualTo(first.configHash());
        if (resumeKeepsRunnerId()) {
            assertThat(resumed.containerId()).isEqualTo(first.containerId());
        }
    }

    @Test
    void a_paused_runner_is_unpaused_in_place_and_can_be_stopped_from_paused() {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance first = backend().ensureRunning(spec);
        if (!backend().pause(spec.slotName())) {
            return; // this backend cannot pause; the slot service then keeps idle runners running
        }
        assertThat(backend().inspect(spec.slotName()).orElseThrow().state()).isEqualTo(SlotState.PAUSED);
        assertThat(backend().pause(spec.slotName())).isFalse();
        SlotInstance unpaused = backend().ensureRunning(spec);
        assertThat(unpaused.running()).isTrue();
        assertThat(unpaused.containerId()).isEqualTo(first.containerId());
        assertThat(unpaused.host()).isEqualTo(first.host());
        assertThat(backend().pause(spec.slotName())).isTrue();
        assertThat(backend().stop(spec.slotName())).isTrue();
        assertThat(backend().inspect(spec.slotName()).orElseThrow().state()).isEqualTo(SlotState.STOPPED);
    }

    @Test
    void a_changed_config_recreates_the_runner_and_keeps_the_volumes() {
        SlotSpec spec = spec("alice", Map.of());
        SlotInstance first = backend().ensureRunning(spec);
        SlotSpec changed = spec("alice", Map.of("CCX_CONTRACT_MARK", "2"));
        SlotInstance second = backend().ensureRunning(changed);
        assertThat(second.containerId()).isNotEqualTo(first.containerId());
        assertThat(second.configHash()).isEqualTo(changed.configHash());
        PurgeResult purge = backend().remove(spec.slotName(), new HashSet<>(spec.volumeNames()));
        assertThat(purge.volumesRemoved()).containsExactlyInAnyOrderElementsOf(spec.volumeNames());
    }

    @Test
    void remove_deletes_only_that_slot_and_is_idempotent() {
        SlotSpec alice = spec("alice", Map.of());
        SlotSpec bob = spec("bob", Map.of());
        backend().ensureRunning(alice);
        backend().ensureRunning(bob);
        PurgeResult first = backend().remove(alice.slotName(), new HashSet<>(alice.volumeNames()));
        assertThat(first.existed()).isTrue();
        assertThat(first.containerRemoved()).isTrue();
        assertThat(first.volumesRemoved()).hasSize(3);
        assertThat(backend().inspect(alice.slotName())).isEmpty();
        assertThat(backend().inspect(bob.slotName()).orElseThrow().running()).isTrue();
        PurgeResult second = backend().remove(alice.slotName(), new HashSet<>(alice.volumeNames()));
        assertThat(second.existed()).isFalse();
    }

    @Test
    void list_managed_reports_this_instances_runners_running_or_not() {
        SlotSpec alice = spec("alice", Map.of());
        SlotSpec bob = spec("bob", Map.of());
        backend().ensureRunning(alice);
        backend().ensureRunning(bob);
        backend().stop(bob.slotName());
        List<SlotInstance> managed = backend().listManaged().stream()
                .filter(i -> i.slotName().equals(alice.slotName()) || i.slotName().equals(bob.slotName())).toList();
        assertThat(managed).extracting(SlotInstance::slotName)
                .containsExactlyInAnyOrder(alice.slotName(), bob.slotName());
        assertThat(managed).filteredOn(i -> i.slotName().equals(bob.slotName()))
                .allMatch(i -> !i.running());
    }

    @Test
    void inspecting_an_unknown_slot_finds_nothing() {
        assertThat(backend().inspect(names.slotName(new UserId("nobody")))).isEmpty();
        assertThat(backend().healthy()).isTrue();
    }
}
