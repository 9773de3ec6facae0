package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.policy.PolicySet;
import dev.ccx.orchestrator.proxy.RunnerCall;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.FakeRunner;
import dev.ccx.orchestrator.testing.TestPolicies;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A runner that sends no response headers within the call's timeout (the policy's {@code max_timeout} plus
 * {@link RunnerCall#RUN_GRACE}) gets the client a 504 {@code runner_timeout}; the orchestrator hangs up on the
 * runner and asks it to cancel the run. Slow by nature: the shortest call timeout is 30 s plus a second.
 */
@Timeout(90)
class RunnerTimeoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_TIMEOUT = Duration.ofSeconds(1);

    @Test
    void a_runner_holding_its_headers_past_the_calls_timeout_gets_the_client_504_and_loses_its_connection(
            @TempDir Path state) throws Exception {
        PolicySet policies = TestPolicies.parse("limits: {default_timeout: 1s, max_timeout: 1s}\n");
        Duration callTimeout = MAX_TIMEOUT.plus(RunnerCall.RUN_GRACE);
        assertThat(FakeRunner.SILENT_HOLD).as("the fake runner answers only after the call's timeout")
                .isGreaterThan(callTimeout.plusSeconds(2));
        try (AppHarness app = new AppHarness(state, policies, 50)) {
            long start = System.nanoTime();
            HttpResponse<String> response = app.send(app.asService("/v1/chat/completions", "alice")
                    .timeout(Duration.ofSeconds(80))
                    .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("silent", true))));
            long waitedMs = (System.nanoTime() - start) / 1_000_000;

            System.out.println("after " + waitedMs + " ms the client got " + response.statusCode() + " "
                    + response.body());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(504);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("application/json"));
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("timeout_error");
            assertThat(error.path("code").asText()).isEqualTo("runner_timeout");
            assertThat(error.path("message").asText()).isEqualTo("the user's runner did not answer in time");
            assertThat(waitedMs).as("answered when the call's timeout passed, not when the runner answered")
                    .isBetween(callTimeout.toMillis() - 100, FakeRunner.SILENT_HOLD.toMillis() - 1000);

            FakeRunner runner = app.backend.runner(app.names.slotName(new UserId("alice"))).orElseThrow();
            long deadline = System.currentTimeMillis() + FakeRunner.SILENT_HOLD.toMillis() + 10_000 - waitedMs;
            while (!runner.clientWentAway && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            assertThat(runner.clientWentAway).as("the runner connection was closed").isTrue();
            String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
            assertThat(runner.cancelBodies).as("the run was cancelled in the runner")
                    .containsExactly("{\"run_id\":\"" + requestId + "\"}");
            assertThat(app.slots.inFlightTotal()).isZero();
        }
    }
}
