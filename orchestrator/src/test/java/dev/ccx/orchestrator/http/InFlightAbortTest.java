package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.FakeRunner;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** At shutdown, requests still streaming end with a clean "restarting" error instead of a cut connection. */
@Timeout(30)
class InFlightAbortTest {

    @Test
    void an_aborted_stream_ends_with_a_shutting_down_event_and_done_and_the_runner_sees_the_client_leave(
            @TempDir Path state) throws Exception {
        try (AppHarness app = new AppHarness(state)) {
            HttpResponse<InputStream> response = app.client().send(app.asService("/v1/chat/completions", "alice")
                    .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hang", true))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            InputStream body = response.body();
            assertThat(new String(body.readNBytes(10), StandardCharsets.UTF_8)).startsWith("data:");

            assertThat(app.slots.abortInFlight()).isEqualTo(1);
            String rest = new String(body.readAllBytes(), StandardCharsets.UTF_8);

            System.out.println("after the abort the client read: " + rest.strip());
            assertThat(rest).contains("\"code\":\"shutting_down\"", "the orchestrator is restarting; retry")
                    .endsWith("data: [DONE]\n\n");
            FakeRunner runner = app.backend.runner(app.names.slotName(new UserId("alice"))).orElseThrow();
            long deadline = System.currentTimeMillis() + 5000;
            while (!runner.clientWentAway && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(runner.clientWentAway).as("the runner connection was closed, so the run is cancelled").isTrue();
            assertThat(app.slots.inFlightTotal()).isZero();
        }
    }

    @Test
    void an_aborted_request_still_waiting_for_its_answer_gets_503_shutting_down(@TempDir Path state) throws Exception {
        try (AppHarness app = new AppHarness(state)) {
            var pending = app.client().sendAsync(app.asService("/v1/chat/completions", "alice")
                    .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("wait", false))).build(),
                    HttpResponse.BodyHandlers.ofString());
            String slot = app.names.slotName(new UserId("alice"));
            long deadline = System.currentTimeMillis() + 15_000;
            while (app.backend.runner(slot).map(r -> r.chatBodies.isEmpty()).orElse(true)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(20); // until the runner has the request: now it waits for the runner's answer
            }

            long start = System.nanoTime();
            assertThat(app.slots.abortInFlight()).isEqualTo(1);
            HttpResponse<String> response = pending.get();

            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.body()).contains("\"code\":\"shutting_down\"");
            assertThat((System.nanoTime() - start) / 1_000_000).as("answered at once, not after the runner").isLessThan(5000);
        }
    }
}
