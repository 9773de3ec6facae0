package dev.ccx.orchestrator.slot;

import static dev.ccx.orchestrator.slot.SlotFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.ccx.orchestrator.http.ApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Idle reaping, purge, config changes, adoption after a restart and healing after a crash. */
@Timeout(60)
class SlotServiceLifecycleTest {
    /** The built-in policy's idle_timeout. */
    private static final Duration IDLE = Duration.ofMinutes(15);

    @TempDir
    Path state;
    SlotFixture slots;
    SlotService service;

    @BeforeEach
    void setUp() {
        slots = new SlotFixture(state);
        service = slots.service(10);
    }

    @AfterEach
    void tearDown() {
        slots.close();
    }

    @Test
    void the_idle_reaper_never_stops_a_slot_with_a_request_in_flight() {
        try (Lease lease = service.acquire(user("alice"))) {
            slots.clock.advance(Duration.ofHours(3));

            assertThat(service.reapIdle()).isZero();

            assertThat(slots.running("alice")).isTrue();
            assertThat(slots.transport.ready(lease.instance())).isTrue();
            assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("busy");
        }
    }

    @Test
    void a_released_slot_is_stopped_only_once_idle_past_the_timeout_and_resumes_with_its_volumes() {
        slots.use(service, "alice");
        slots.use(service, "bob");
        slots.clock.advance(IDLE.minusMinutes(1));
        slots.use(service, "bob");

        assertThat(service.reapIdle()).isZero();
        slots.clock.advance(Duration.ofMinutes(2));
        assertThat(service.reapIdle()).isEqualTo(1);

        assertThat(slots.running("alice")).isFalse();
        assertThat(slots.running("bob")).isTrue();
        assertThat(slots.stopped).containsExactly("idle");
        assertThat(slots.fake.volumes).containsAll(slots.volumesOf("alice"));
        assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("stopped");

        slots.use(service, "alice");
        assertThat(slots.running("alice")).isTrue();
        assertThat(slots.fake.creations).hasValue(2);
        assertThat(slots.started).containsExactly("cold", "cold", "resume");
    }

    @Test
    void every_start_settles_its_runner_once_and_a_settle_that_fails_at_once_fails_the_start() {
        slots.use(service, "alice");
        assertThat(slots.fake.settles).hasValue(1);
        slots.use(service, "alice");
        assertThat(slots.fake.settles).as("a ready runner is not settled again").hasValue(1);

        slots.fake.settleFailure = new IllegalStateException("engine refused the update");
        assertThatThrownBy(() -> slots.use(service, "bob")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo("slot_start_failed"));
        assertThat(slots.running("bob")).as("an unsettled runner does not stay up").isFalse();

        slots.fake.settleFailure = null;
        slots.use(service, "bob");
        assertThat(slots.running("bob")).isTrue();
        assertThat(slots.fake.settles).hasValue(3);
    }

    @Test
    void purge_removes_only_that_users_runner_and_volumes_and_is_idempotent() {
        slots.use(service, "alice");
        slots.use(service, "bob");

        PurgeResult first = service.purge(user("alice"));
        PurgeResult second = service.purge(user("alice"));

        assertThat(first.existed()).isTrue();
        assertThat(first.containerRemoved()).isTrue();
        assertThat(first.volumesRemoved()).containsExactlyInAnyOrderElementsOf(slots.volumesOf("alice"));
        assertThat(second.existed()).isFalse();
        assertThat(second.volumesRemoved()).isEmpty();
        assertThat(slots.fake.volumes).doesNotContainAnyElementsOf(slots.volumesOf("alice"))
                .containsAll(slots.volumesOf("bob"));
        assertThat(slots.running("bob")).isTrue();
        assertThat(slots.fake.inspect(slots.slot("alice"))).isEmpty();
    }

    @Test
    void purging_a_user_who_never_had_a_slot_reports_nothing_existed() {
        slots.use(service, "alice");

        assertThat(service.purge(user("Alice")).existed()).isFalse();
        assertThat(slots.fake.volumes).containsAll(slots.volumesOf("alice"));
    }

    @Test
    void purging_only_the_jobs_volume_keeps_the_users_logins() {
        slots.use(service, "alice");

        PurgeResult result = service.purge(user("alice"), Set.of(VolumeKind.JOBS));

        assertThat(result.volumesRemoved()).containsExactly(slots.names.volumeName(user("alice"), VolumeKind.JOBS));
        assertThat(slots.fake.volumes).contains(slots.names.volumeName(user("alice"), VolumeKind.CLAUDE),
                slots.names.volumeName(user("alice"), VolumeKind.CODEX));
    }

    @Test
    void a_config_change_recreates_the_runner_on_next_use_and_keeps_the_volumes() {
        SlotInstance before = slots.use(service, "alice");

        slots.imageId.set("sha256:v2");
        service.configChanged();
        SlotInstance after = slots.use(service, "alice");

        assertThat(after.containerId()).isNotEqualTo(before.containerId());
        assertThat(after.configHash()).isNotEqualTo(before.configHash());
        assertThat(slots.fake.creations).hasValue(2);
        assertThat(slots.fake.volumes).containsAll(slots.volumesOf("alice"));
        assertThat(slots.transport.ready(after)).isTrue();
    }

    @Test
    void a_config_change_does_not_replace_a_runner_while_a_request_still_uses_it() {
        Lease running = service.acquire(user("alice"));
        String oldId = running.instance().containerId();
        slots.imageId.set("sha256:v2");
        service.configChanged();

        try (Lease concurrent = service.acquire(user("alice"))) {
            assertThat(concurrent.instance().containerId()).isEqualTo(oldId);
            assertThat(slots.transport.ready(running.instance())).isTrue();
        }
        running.close();

        SlotInstance next = slots.use(service, "alice");
        assertThat(next.containerId()).isNotEqualTo(oldId);
    }

    @Test
    void after_a_restart_existing_runners_are_adopted_not_recreated() {
        SlotInstance alice = slots.use(service, "alice");
        slots.use(service, "bob");
        service.stop(user("bob"));

        SlotService restarted = slots.service(10);
        assertThat(restarted.adoptExisting()).isEqualTo(2);

        assertThat(restarted.list()).extracting(SlotView::user, SlotView::state)
                .containsExactly(tuple("alice", "running"), tuple("bob", "stopped"));
        assertThat(slots.use(restarted, "alice").containerId()).isEqualTo(alice.containerId());
        slots.use(restarted, "bob");
        assertThat(slots.fake.creations).hasValue(2);
        assertThat(slots.started).endsWith("adopt", "resume");
    }

    @Test
    void after_a_restart_adopted_runners_count_against_the_host_cap() {
        slots.use(service, "alice");

        SlotService restarted = slots.service(1);
        restarted.adoptExisting();
        slots.clock.advance(Duration.ofMinutes(1));
        slots.use(restarted, "bob");

        assertThat(slots.running("alice")).isFalse();
        assertThat(restarted.runningCount()).isEqualTo(1);
    }

    @Test
    void after_a_restart_an_idle_adopted_runner_is_reaped() {
        slots.use(service, "alice");
        SlotService restarted = slots.service(10);
        restarted.adoptExisting();

        slots.clock.advance(IDLE.plusMinutes(1));

        assertThat(restarted.reapIdle()).isEqualTo(1);
        assertThat(slots.running("alice")).isFalse();
    }

    @Test
    void a_crashed_runner_marked_broken_is_healed_by_the_next_request() {
        SlotInstance dead;
        try (Lease lease = service.acquire(user("alice"))) {
            dead = lease.instance();
            slots.fake.crash(slots.slot("alice"));
            assertThat(slots.transport.ready(dead)).isFalse();
            lease.markBroken();
        }

        try (Lease healed = service.acquire(user("alice"))) {
            assertThat(slots.transport.ready(healed.instance())).isTrue();
            assertThat(healed.instance().containerId()).isEqualTo(dead.containerId());
        }
        assertThat(slots.fake.starts).hasValue(2);
        assertThat(slots.fake.volumes).containsAll(slots.volumesOf("alice"));
    }
}
