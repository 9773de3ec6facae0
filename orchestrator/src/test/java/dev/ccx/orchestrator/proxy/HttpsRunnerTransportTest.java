package dev.ccx.orchestrator.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotInstance;
import dev.ccx.orchestrator.slot.SlotState;
import dev.ccx.orchestrator.testing.FakeRunner;
import dev.ccx.orchestrator.tls.CertificateAuthority;
import dev.ccx.orchestrator.tls.RunnerTlsContexts;
import dev.ccx.orchestrator.tls.RunnerTlsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner transport against a real mutual-TLS agent stand-in: connections are kept and reused, an answer
 * closed before its end drops its connection (the runner sees the client go away) instead of reading the rest,
 * an abort cuts a call that waits for headers, and a runner whose certificate names another slot is refused.
 */
@Timeout(60)
class HttpsRunnerTransportTest {
    private static final byte[] STREAM = chat("hello", true);

    @TempDir
    Path state;
    private CertificateAuthority ca;
    private HttpsRunnerTransport transport;
    private FakeRunner runner;

    @BeforeEach
    void start() throws IOException {
        ca = CertificateAuthority.loadOrCreate(state);
        transport = new HttpsRunnerTransport(new RunnerTlsContexts(ca));
        runner = new FakeRunner("ccx-alice", RunnerTlsEnvironment.issue(ca, "ccx-alice").variables());
    }

    @AfterEach
    void stop() {
        runner.close();
        transport.close();
    }

    @Test
    void answers_read_to_their_end_leave_one_connection_that_every_later_call_reuses() throws Exception {
        for (int i = 0; i < 5; i++) {
            RunnerResponse response = transport.send(instance("ccx-alice", runner.port()), chatCall(STREAM));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("content-type")).contains("text/event-stream");
            assertThat(response.header("Content-Type")).as("header names in any case").contains("text/event-stream");
            String body = read(response);
            assertThat(body).contains("Hel").endsWith("data: [DONE]\n\n");
            assertThat(transport.openConnections()).isEqualTo(1);
        }
        assertThat(runner.chatBodies).hasSize(5).allMatch(b -> b.contains("\"stream\":true"));
        assertThat(transport.ready(instance("ccx-alice", runner.port()))).isTrue();
        assertThat(transport.openConnections()).isEqualTo(1);
    }

    @Test
    void an_answer_closed_before_its_end_drops_the_connection_at_once_and_the_runner_sees_it() throws Exception {
        RunnerResponse response = transport.send(instance("ccx-alice", runner.port()), chatCall(chat("hang", true)));
        InputStream body = response.body();
        assertThat(new String(body.readNBytes(10), StandardCharsets.UTF_8)).startsWith("data: ");
        long start = System.nanoTime();
        body.close(); // the runner keeps streaming keep-alives for 10 s: closing must not read them all
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        awaitTrue(() -> runner.clientWentAway);
        assertThat(transport.openConnections()).isZero();
        assertThat(read(transport.send(instance("ccx-alice", runner.port()), chatCall(STREAM))))
                .as("the next call opens a fresh connection").endsWith("data: [DONE]\n\n");
    }

    @Test
    void an_abort_cuts_a_call_that_waits_for_its_headers() throws Exception {
        AtomicReference<Runnable> abort = new AtomicReference<>();
        CompletableFuture<Object> call = CompletableFuture.supplyAsync(() -> {
            try {
                return transport.send(instance("ccx-alice", runner.port()), chatCall(chat("silent", true)), abort::set);
            } catch (Exception e) {
                return e;
            }
        });
        awaitTrue(() -> abort.get() != null && !runner.chatBodies.isEmpty());
        long start = System.nanoTime();
        abort.get().run();
        assertThat(call.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(transport.openConnections()).isZero();
    }

    @Test
    void a_runner_silent_past_the_calls_timeout_is_a_timeout_and_its_connection_is_dropped() {
        RunnerCall call = RunnerCall.run("/v1/chat/completions", chat("silent", true), Duration.ofMillis(500), "r1");
        long start = System.nanoTime();
        assertThatThrownBy(() -> transport.send(instance("ccx-alice", runner.port()), call))
                .isInstanceOf(HttpTimeoutException.class).hasMessageContaining("ccx-alice");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(400), Duration.ofSeconds(5));
        assertThat(transport.openConnections()).isZero();
    }

    @Test
    void a_runner_whose_certificate_names_another_slot_is_refused_and_not_probed_ready() throws Exception {
        try (FakeRunner impostor = new FakeRunner("ccx-mallory",
                RunnerTlsEnvironment.issue(ca, "ccx-mallory").variables())) {
            SlotInstance expectedAlice = instance("ccx-alice", impostor.port());
            assertThatThrownBy(() -> transport.send(expectedAlice, chatCall(STREAM))).isInstanceOf(SSLException.class);
            assertThat(transport.ready(expectedAlice)).isFalse();
            assertThat(impostor.chatBodies).isEmpty();
        }
    }

    @Test
    void a_runner_with_no_address_fails_before_anything_is_sent() {
        SlotInstance stopped = new SlotInstance(new UserId("alice"), "ccx-alice", SlotState.STOPPED, "c1",
                Optional.empty(), 0, "h", Instant.EPOCH);
        assertThatThrownBy(() -> transport.send(stopped, chatCall(STREAM)))
                .isInstanceOf(java.net.ConnectException.class).hasMessageContaining("no address");
        assertThat(transport.ready(stopped)).isFalse();
    }

    private static SlotInstance instance(String slot, int port) {
        return new SlotInstance(new UserId("alice"), slot, SlotState.RUNNING, "c1", Optional.of("127.0.0.1"), port,
                "h", Instant.EPOCH);
    }

    private static RunnerCall chatCall(byte[] body) {
        return RunnerCall.chat(body, Duration.ofSeconds(30), "req-1");
    }

    private static byte[] chat(String prompt, boolean stream) {
        return ("{\"model\":\"sonnet\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}").getBytes(StandardCharsets.UTF_8);
    }

    private static String read(RunnerResponse response) throws IOException {
        try (InputStream body = response.body()) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
