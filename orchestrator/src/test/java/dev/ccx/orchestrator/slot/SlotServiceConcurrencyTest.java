package dev.ccx.orchestrator.slot;

import static dev.ccx.orchestrator.slot.SlotFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ccx.orchestrator.http.ApiException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** One start per user however many requests race, users not waiting on each other, and the host-wide cap. */
@Timeout(60)
class SlotServiceConcurrencyTest {
    @TempDir
    Path state;
    SlotFixture slots;
    ExecutorService pool = Executors.newCachedThreadPool();

    @BeforeEach
    void setUp() {
        slots = new SlotFixture(state);
    }

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
        slots.close();
    }

    @Test
    void twenty_concurrent_first_requests_for_one_user_start_exactly_one_runner() throws Exception {
        SlotService service = slots.service(10);
        slots.booting = instance -> service.inFlightTotal() < 20; // not ready until all 20 are waiting
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Lease>> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(pool.submit(() -> {
                go.await();
                return service.acquire(user("alice"));
            }));
        }

        go.countDown();
        List<Lease> leases = new ArrayList<>();
        for (Future<Lease> request : requests) {
            leases.add(request.get(30, TimeUnit.SECONDS));
        }

        assertThat(leases).extracting(l -> l.instance().containerId()).containsOnly(
                slots.fake.inspect(slots.slot("alice")).orElseThrow().containerId());
        assertThat(slots.backend.ensureCalls).hasValue(1);
        assertThat(slots.fake.creations).hasValue(1);
        assertThat(slots.started).containsExactly("cold");
        assertThat(service.inFlightTotal()).isEqualTo(20);
        leases.forEach(Lease::close);
        assertThat(service.inFlightTotal()).isZero();
        assertThat(service.list()).singleElement().satisfies(view -> assertThat(view.state()).isEqualTo("running"));
    }

    @Test
    void closing_a_lease_twice_releases_it_once() {
        SlotService service = slots.service(10);
        Lease first = service.acquire(user("alice"));
        Lease second = service.acquire(user("alice"));

        first.close();
        first.close();

        assertThat(service.inFlightTotal()).isEqualTo(1);
        second.close();
        assertThat(service.inFlightTotal()).isZero();
    }

    @Test
    void a_slow_start_for_one_user_does_not_hold_up_another_user() throws Exception {
        SlotService service = slots.service(10);
        CountDownLatch aliceBooting = new CountDownLatch(1);
        CountDownLatch aliceMayFinish = new CountDownLatch(1);
        slots.booting = instance -> {
            if (!instance.user().equals(user("alice"))) {
                return false;
            }
            aliceBooting.countDown();
            return aliceMayFinish.getCount() > 0;
        };
        CompletableFuture<Lease> alice = CompletableFuture.supplyAsync(() -> service.acquire(user("alice")), pool);
        assertThat(aliceBooting.await(10, TimeUnit.SECONDS)).isTrue();

        Lease bob = CompletableFuture.supplyAsync(() -> service.acquire(user("bob")), pool).get(10, TimeUnit.SECONDS);

        assertThat(bob.instance().user()).isEqualTo(user("bob"));
        assertThat(alice).isNotDone();
        aliceMayFinish.countDown();
        assertThat(alice.get(10, TimeUnit.SECONDS).instance().user()).isEqualTo(user("alice"));
    }

    @Test
    void over_the_host_cap_the_least_recently_used_idle_slot_is_evicted() {
        SlotService service = slots.service(2);
        slots.use(service, "alice");
        slots.clock.advance(Duration.ofMinutes(1));
        slots.use(service, "bob");
        slots.clock.advance(Duration.ofMinutes(1));
        slots.use(service, "alice"); // alice is now the more recently used
        slots.clock.advance(Duration.ofMinutes(1));

        slots.use(service, "carol");

        assertThat(slots.running("bob")).isFalse();
        assertThat(slots.running("alice")).isTrue();
        assertThat(slots.running("carol")).isTrue();
        assertThat(service.runningCount()).isEqualTo(2);
        assertThat(slots.stopped).containsExactly("evicted");
        assertThat(slots.fake.volumes).containsAll(slots.volumesOf("bob"));
    }

    @Test
    void when_every_slot_is_busy_a_new_user_gets_503_with_retry_after_and_nothing_is_created() {
        SlotService service = slots.service(2);
        Lease alice = service.acquire(user("alice"));
        Lease bob = service.acquire(user("bob"));

        ApiException e = catchThrowableOfType(ApiException.class, () -> service.acquire(user("carol")));

        assertThat(e.status()).isEqualTo(503);
        assertThat(e.code()).isEqualTo("capacity_exhausted");
        assertThat(e.retryAfterSeconds()).isPositive();
        assertThat(slots.fake.inspect(slots.slot("carol"))).isEmpty();
        assertThat(slots.fake.volumes).doesNotContainAnyElementsOf(slots.volumesOf("carol"));
        assertThat(slots.running("alice")).isTrue();
        assertThat(slots.running("bob")).isTrue();
        assertThat(service.inFlightTotal()).isEqualTo(2);

        bob.close();
        try (Lease carol = service.acquire(user("carol"))) {
            assertThat(slots.transport.ready(carol.instance())).isTrue();
        }
        assertThat(slots.running("bob")).isFalse();
        assertThat(slots.running("alice")).isTrue();
        alice.close();
    }

    @Test
    void a_user_who_already_has_a_runner_is_served_even_when_the_host_is_full() {
        SlotService service = slots.service(2);
        try (Lease alice = service.acquire(user("alice")); Lease bob = service.acquire(user("bob"))) {
            try (Lease again = service.acquire(user("alice"))) {
                assertThat(again.instance().containerId()).isEqualTo(alice.instance().containerId());
            }
            assertThat(bob.instance().user()).isEqualTo(user("bob"));
        }
    }

    @Test
    void a_stopped_slot_frees_its_place_under_the_cap() {
        SlotService service = slots.service(1);
        Lease alice = service.acquire(user("alice"));
        alice.close();
        assertThat(service.stop(user("alice"))).isTrue();

        slots.use(service, "bob");

        assertThat(slots.stopped).containsExactly("admin");
        assertThat(service.stop(user("alice"))).isFalse();
    }
}
