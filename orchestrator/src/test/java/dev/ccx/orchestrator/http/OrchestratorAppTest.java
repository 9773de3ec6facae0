package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.FakeRunner;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestratorAppTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path state;
    AppHarness app;

    @BeforeEach
    void start() {
        app = new AppHarness(state);
    }

    @AfterEach
    void stop() {
        app.close();
    }

    @Test
    void health_needs_no_credentials() throws Exception {
        HttpResponse<String> response = app.send(app.request("/health"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void a_service_key_request_reaches_the_named_users_runner() throws Exception {
        HttpResponse<String> response = app.send(app.asService("/v1/chat/completions", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hi", false))));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("slot").asText()).isEqualTo(app.names.slotName(new UserId("alice")));
        assertThat(body.path("choices").path(0).path("message").path("content").asText()).isEqualTo("echo: hi");
        assertThat(response.headers().firstValue("X-Request-Id")).isPresent();
    }

    @Test
    void the_callers_key_never_reaches_the_runner() throws Exception {
        app.send(app.asService("/v1/chat/completions", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hi", false))));
        FakeRunner runner = app.backend.runner(app.names.slotName(new UserId("alice"))).orElseThrow();
        assertThat(runner.chatHeaders.get(0).keySet()).noneMatch(h -> h.equalsIgnoreCase("Authorization"));
        assertThat(runner.chatHeaders.get(0).toString()).doesNotContain(AppHarness.SERVICE_KEY);
    }

    @Test
    void missing_or_wrong_credentials_get_401_with_an_openai_error_body() throws Exception {
        HttpResponse<String> none = app.send(app.request("/v1/models"));
        HttpResponse<String> wrong = app.send(app.request("/v1/models").header("Authorization", "Bearer nope-nope-nope"));
        for (HttpResponse<String> response : List.of(none, wrong)) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode error = JSON.readTree(response.body()).path("error");
            assertThat(error.path("type").asText()).isEqualTo("authentication_error");
            assertThat(error.path("message").asText()).isNotBlank();
            assertThat(response.body()).doesNotContain("Exception").doesNotContain("at dev.");
        }
        assertThat(JSON.readTree(none.body()).path("error").path("code").asText()).isEqualTo("missing_credentials");
    }

    @Test
    void an_admin_key_cannot_use_the_user_api_and_a_service_key_cannot_administer() throws Exception {
        HttpResponse<String> adminOnUser = app.send(app.asAdmin("/v1/models").header("X-CCX-User", "alice"));
        HttpResponse<String> serviceOnAdmin = app.send(app.asService("/admin/slots", "alice"));
        assertThat(adminOnUser.statusCode()).isEqualTo(403);
        assertThat(serviceOnAdmin.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(serviceOnAdmin.body()).path("error").path("type").asText())
                .isEqualTo("permission_error");
    }

    @Test
    void a_service_key_without_a_user_header_is_a_bad_request() throws Exception {
        HttpResponse<String> response = app.send(app.request("/v1/models")
                .header("Authorization", "Bearer " + AppHarness.SERVICE_KEY));
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("missing_user");
    }

    @Test
    void unknown_paths_and_wrong_methods_get_json_errors() throws Exception {
        HttpResponse<String> missing = app.send(app.asService("/v1/nope", "alice"));
        HttpResponse<String> method = app.send(app.asService("/v1/chat/completions", "alice").GET());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(JSON.readTree(missing.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
        assertThat(method.statusCode()).isEqualTo(405);
        assertThat(JSON.readTree(method.body()).path("error").path("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void streamed_chunks_arrive_before_the_runner_finishes() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                app.asService("/v1/chat/completions", "alice")
                        .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("slow", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<Long> arrivals = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        long start = System.nanoTime();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    lines.add(line);
                    arrivals.add((System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        assertThat(lines).hasSize(3);
        assertThat(lines.get(2)).isEqualTo("data: [DONE]");
        assertThat(arrivals.get(1) - arrivals.get(0)).as("the first chunk was not held back").isGreaterThan(300);
    }

    @Test
    void a_client_disconnect_closes_the_runner_connection() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                app.asService("/v1/chat/completions", "alice")
                        .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hang", true))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        InputStream body = response.body();
        assertThat(new String(body.readNBytes(10), StandardCharsets.UTF_8)).startsWith("data:");
        body.close();
        FakeRunner runner = app.backend.runner(app.names.slotName(new UserId("alice"))).orElseThrow();
        long deadline = System.currentTimeMillis() + 5000;
        while (!runner.clientWentAway && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(runner.clientWentAway).isTrue();
    }

    @Test
    void a_runner_dying_mid_stream_gives_a_clean_error_and_the_next_request_heals() throws Exception {
        HttpResponse<String> broken = app.send(app.asService("/v1/chat/completions", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("die", true))));
        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(broken.body()).contains("\"code\":\"runner_failed\"").endsWith("data: [DONE]\n\n");
        app.backend.crash(app.names.slotName(new UserId("alice")));
        HttpResponse<String> next = app.send(app.asService("/v1/chat/completions", "alice")
                .POST(HttpRequest.BodyPublishers.ofString(AppHarness.chat("hi", false))));
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(app.backend.starts.get()).isEqualTo(2);
    }

    @Test
    void admin_lists_stops_and_purges_and_purge_is_idempotent() throws Exception {
        app.send(app.asService("/v1/models", "alice"));
        app.send(app.asService("/v1/models", "bob"));
        JsonNode list = JSON.readTree(app.send(app.asAdmin("/admin/slots")).body());
        assertThat(list.path("data")).extracting(n -> n.path("user").asText()).containsExactly("alice", "bob");
        assertThat(list.path("data").path(0).path("state").asText()).isEqualTo("running");

        JsonNode stopped = JSON.readTree(app.send(app.asAdmin("/admin/slots/alice/stop")
                .POST(HttpRequest.BodyPublishers.noBody())).body());
        assertThat(stopped.path("stopped").asBoolean()).isTrue();

        JsonNode purged = JSON.readTree(app.send(app.asAdmin("/admin/users/bob").DELETE()).body());
        assertThat(purged.path("existed").asBoolean()).isTrue();
        assertThat(purged.path("volumes_removed")).hasSize(3);
        assertThat(app.backend.volumes).allMatch(v -> v.startsWith(app.names.slotName(new UserId("alice"))));
        JsonNode again = JSON.readTree(app.send(app.asAdmin("/admin/users/bob").DELETE()).body());
        assertThat(again.path("existed").asBoolean()).isFalse();
    }

    @Test
    void a_user_token_acts_only_for_its_subject() throws Exception {
        String token = Jwts.hs256(AppHarness.JWT_SECRET, "carol", 600);
        HttpResponse<String> own = app.send(app.request("/v1/models").header("Authorization", "Bearer " + token));
        HttpResponse<String> other = app.send(app.request("/v1/models").header("Authorization", "Bearer " + token)
                .header("X-CCX-User", "dave"));
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(other.statusCode()).isEqualTo(403);
        assertThat(app.slots.list()).extracting(v -> v.user()).containsExactly("carol");
    }

    @Test
    void draining_refuses_new_work_with_503_and_retry_after() throws Exception {
        app.drain.start();
        HttpResponse<String> response = app.send(app.asService("/v1/models", "alice"));
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(app.send(app.request("/ready")).statusCode()).isEqualTo(503);
    }

    @Test
    void metrics_expose_slot_states_cold_starts_and_requests() throws Exception {
        app.send(app.asService("/v1/models", "alice"));
        String metrics = app.send(app.request("/metrics")).body();
        assertThat(metrics).contains("ccx_slots{state=\"running\"} 1.0")
                .contains("ccx_slot_start_seconds_count{kind=\"cold\"} 1")
                .contains("ccx_requests_total{route=\"/v1/models\",status=\"200\"} 1.0")
                .contains("ccx_requests_in_flight");
    }
}
