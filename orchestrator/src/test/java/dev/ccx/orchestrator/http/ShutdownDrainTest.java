package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.FakeSlotBackend;
import dev.ccx.orchestrator.testing.FakeRunner;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * At shutdown the orchestrator drains: a stream that ends within the grace period finishes as it would have
 * without the shutdown, while new requests are refused with 503 {@code shutting_down} and {@code Retry-After}; a
 * request still waiting for its runner to start when the grace is over gets that 503 too.
 */
@Timeout(60)
class ShutdownDrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration GRACE = Duration.ofSeconds(20);

    @Test
    void a_stream_ending_within_the_grace_finishes_normally_while_new_requests_get_503_shutting_down(
            @TempDir Path state) throws Exception {
        try (AppHarness app = new AppHarness(state)) {
            HttpResponse<InputStream> response = app.client().send(app.asService("/v1/chat/completions", "alice")
                    .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("held", true))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            InputStream body = response.body();
            assertThat(new String(body.readNBytes(10), StandardCharsets.UTF_8)).startsWith("data:");
            FakeRunner runner = app.backend.runner(app.names.slotName(new UserId("alice"))).orElseThrow();

            CompletableFuture<Void> shutdown = CompletableFuture.runAsync(() -> app.shutdown(GRACE));
            long deadline = System.currentTimeMillis() + 5000;
            while (!app.drain.draining() && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(app.drain.draining()).as("the shutdown has begun").isTrue();

            HttpResponse<String> newUser = app.send(app.asService("/v1/chat/completions", "bob")
                    .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hi", false))));
            HttpResponse<String> sameUser = app.send(app.asService("/v1/models", "alice"));
            for (HttpResponse<String> refused : java.util.List.of(newUser, sameUser)) {
                assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).contains("5");
                JsonNode error = JSON.readTree(refused.body()).path("error");
                assertThat(error.path("type").asText()).isEqualTo("server_error");
                assertThat(error.path("code").asText()).isEqualTo("shutting_down");
            }
            assertThat(app.backend.runner(app.names.slotName(new UserId("bob")))).as("no runner started for bob")
                    .isEmpty();
            assertThat(shutdown).as("still draining while the stream is in flight").isNotDone();
            assertThat(app.slots.inFlightTotal()).isEqualTo(1);

            long released = System.nanoTime();
            runner.releaseHeld();
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);

            assertThat(rest).contains("{\"content\":\"lo\"}").doesNotContain("\"error\"")
                    .doesNotContain("shutting_down").endsWith("data: [DONE]\n\n");
            shutdown.get(10, TimeUnit.SECONDS);
            long drainedMs = (System.nanoTime() - released) / 1_000_000;
            assertThat(drainedMs).as("the shutdown ended when the stream did, not at the end of the grace")
                    .isLessThan(GRACE.toMillis() / 2);
            assertThat(runner.clientWentAway).as("the stream was not aborted").isFalse();
            assertThat(app.slots.inFlightTotal()).isZero();
        }
    }

    @Test
    void a_request_still_waiting_for_its_runner_after_the_grace_gets_503_shutting_down_not_a_cut_connection(
            @TempDir Path state) throws Exception {
        int refusing;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refusing = closed.getLocalPort(); // nothing listens here once closed: the runner never becomes ready
        }
        int port = refusing;
        FakeSlotBackend.Starter neverReady = (spec, tlsEnv) -> new FakeSlotBackend.Started() {
            @Override
            public int port() {
                return port;
            }

            @Override
            public void close() {}
        };
        try (AppHarness app = new AppHarness(state, neverReady, Map.of())) {
            CompletableFuture<HttpResponse<String>> waiting = app.client().sendAsync(
                    app.asService("/v1/chat/completions", "alice")
                            .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hi", false))).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.currentTimeMillis() + 5000;
            while (app.slots.inFlightTotal() == 0 && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertThat(app.slots.inFlightTotal()).as("the request waits for its runner").isEqualTo(1);

            long start = System.nanoTime();
            app.shutdown(Duration.ofMillis(300)); // well inside the harness's 5 s wait for a runner to be ready
            HttpResponse<String> answer = waiting.get(5, TimeUnit.SECONDS);

            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
            assertThat(answer.headers().firstValue("Retry-After")).contains("5");
            assertThat(JSON.readTree(answer.body()).path("error").path("code").asText()).isEqualTo("shutting_down");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("answered at the end of the grace")
                    .isLessThan(Duration.ofSeconds(3));
            assertThat(app.slots.inFlightTotal()).isZero();
        }
    }
}
