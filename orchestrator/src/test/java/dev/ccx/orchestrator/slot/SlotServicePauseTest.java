package dev.ccx.orchestrator.slot;

import static dev.ccx.orchestrator.slot.SlotFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.policy.PolicySet;
import dev.ccx.orchestrator.testing.TestPolicies;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The two-stage idle policy: pause after {@code limits.pause_after}, stop after {@code limits.idle_timeout}. */
@Timeout(60)
class SlotServicePauseTest {
    private static final String TWO_STAGE = "limits: {pause_after: 2m, idle_timeout: 15m}\n";

    @TempDir
    Path state;
    SlotFixture slots;

    private SlotService service(String policyYaml, int maxRunning) {
        PolicySet policies = TestPolicies.parse(policyYaml);
        slots = new SlotFixture(state, policies);
        return slots.service(maxRunning);
    }

    @AfterEach
    void tearDown() {
        if (slots != null) {
            slots.close();
        }
    }

    @Test
    void an_idle_runner_is_paused_after_pause_after_and_its_next_request_unpauses_the_same_runner() {
        SlotService service = service(TWO_STAGE, 10);
        SlotInstance first = slots.use(service, "alice");
        slots.clock.advance(Duration.ofMinutes(1));
        service.reapIdle();
        assertThat(slots.fake.pauses).hasValue(0);

        slots.clock.advance(Duration.ofMinutes(2));
        assertThat(service.reapIdle()).isZero();

        assertThat(slots.fake.pauses).hasValue(1);
        assertThat(slots.paused).hasValue(1);
        assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("paused");
        assertThat(service.readyInstance(user("alice"))).isEmpty();
        SlotInstance again = slots.use(service, "alice");
        assertThat(again.containerId()).isEqualTo(first.containerId());
        assertThat(slots.fake.unpauses).hasValue(1);
        assertThat(slots.fake.starts).hasValue(1);
        assertThat(slots.started).containsExactly("cold", "unpause");
        assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("running");
        assertThat(slots.transport.ready(again)).isTrue();
    }

    @Test
    void a_paused_runner_is_stopped_once_idle_past_the_idle_timeout_and_then_resumes() {
        SlotService service = service(TWO_STAGE, 10);
        slots.use(service, "alice");
        slots.clock.advance(Duration.ofMinutes(3));
        service.reapIdle();
        slots.clock.advance(Duration.ofMinutes(13));

        assertThat(service.reapIdle()).isEqualTo(1);

        assertThat(slots.stopped).containsExactly("idle");
        assertThat(slots.running("alice")).isFalse();
        assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("stopped");
        slots.use(service, "alice");
        assertThat(slots.started).containsExactly("cold", "resume");
        assertThat(slots.fake.volumes).containsAll(slots.volumesOf("alice"));
    }

    @Test
    void the_reaper_never_pauses_a_slot_with_a_request_in_flight() {
        SlotService service = service(TWO_STAGE, 10);
        try (Lease lease = service.acquire(user("alice"))) {
            slots.clock.advance(Duration.ofMinutes(5));

            service.reapIdle();

            assertThat(slots.fake.pauses).hasValue(0);
            assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("busy");
            assertThat(slots.transport.ready(lease.instance())).isTrue();
        }
    }

    @Test
    void without_pause_after_an_idle_runner_keeps_running_until_the_idle_timeout() {
        SlotService service = service("limits: {idle_timeout: 15m}\n", 10);
        slots.use(service, "alice");
        slots.clock.advance(Duration.ofMinutes(14));

        service.reapIdle();

        assertThat(slots.fake.pauses).hasValue(0);
        assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("running");
    }

    @Test
    void a_backend_that_cannot_pause_leaves_the_runner_running_and_ready() {
        SlotService service = service(TWO_STAGE, 10);
        slots.fake.canPause = false;
        slots.use(service, "alice");
        slots.clock.advance(Duration.ofMinutes(3));

        service.reapIdle();
        slots.use(service, "alice");

        assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("running");
        assertThat(slots.backend.ensureCalls).hasValue(1);
        assertThat(slots.started).containsExactly("cold");
    }

    @Test
    void a_paused_runner_counts_against_the_host_limit_and_is_the_one_evicted() {
        SlotService service = service(TWO_STAGE, 1);
        slots.use(service, "alice");
        slots.clock.advance(Duration.ofMinutes(3));
        service.reapIdle();

        slots.use(service, "bob");

        assertThat(slots.stopped).containsExactly("evicted");
        assertThat(slots.running("alice")).isFalse();
        assertThat(service.runningCount()).isEqualTo(1);
        assertThat(service.find(user("bob")).orElseThrow().state()).isEqualTo("running");
    }

    @Test
    void a_paused_runner_is_adopted_after_a_restart_and_unpaused_on_its_next_request() {
        SlotService before = service(TWO_STAGE, 10);
        slots.use(before, "alice");
        slots.clock.advance(Duration.ofMinutes(3));
        before.reapIdle();

        SlotService after = slots.service(10);
        after.adoptExisting();

        assertThat(after.find(user("alice")).orElseThrow().state()).isEqualTo("paused");
        slots.use(after, "alice");
        assertThat(slots.started).containsExactly("cold", "unpause");
        assertThat(slots.fake.starts).hasValue(1);
    }

    @Test
    void an_admin_stop_of_a_paused_runner_stops_it() {
        SlotService service = service(TWO_STAGE, 10);
        slots.use(service, "alice");
        slots.clock.advance(Duration.ofMinutes(3));
        service.reapIdle();

        assertThat(service.stop(user("alice"))).isTrue();

        assertThat(slots.running("alice")).isFalse();
        assertThat(service.find(user("alice")).orElseThrow().state()).isEqualTo("stopped");
    }
}
