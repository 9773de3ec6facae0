package dev.ccx.orchestrator.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotUsage;
import dev.ccx.orchestrator.slot.SlotView;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.testing.AppHarness;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoints the dashboard draws from: restart, usage, logins, recent errors, recent starts. */
class AdminInsightsApiTest {
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

    private JsonNode admin(String path) throws Exception {
        HttpResponse<String> response = app.send(app.asAdmin(path));
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private static JsonNode row(JsonNode list, String user) {
        for (JsonNode row : list.path("data")) {
            if (row.path("user").asText().equals(user)) {
                return row;
            }
        }
        throw new AssertionError("no row for " + user + " in " + list);
    }

    private void startSlot(String user) throws Exception {
        assertThat(app.send(app.asService("/v1/models", user)).statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> post(String path) throws Exception {
        return app.send(app.asAdmin(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void restart_stops_the_runner_and_waits_until_a_new_one_answers() throws Exception {
        startSlot("alice");
        int startsBefore = app.backend.starts.get();
        HttpResponse<String> response = post("/admin/slots/alice/restart");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("restarted").asBoolean()).isTrue();
        assertThat(body.path("was_running").asBoolean()).isTrue();
        assertThat(body.path("state").asText()).isEqualTo("running");
        assertThat(app.backend.starts.get()).isEqualTo(startsBefore + 1);
        assertThat(app.send(app.asService("/v1/models", "alice")).statusCode()).isEqualTo(200);
    }

    @Test
    void restart_of_a_user_without_a_slot_is_404_and_creates_nothing() throws Exception {
        HttpResponse<String> response = post("/admin/slots/nobody/restart");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("error").path("code").asText()).isEqualTo("slot_not_found");
        assertThat(app.backend.creations.get()).isZero();
    }

    @Test
    void starts_lists_the_cold_start_and_the_resume_of_the_last_hour() throws Exception {
        startSlot("alice");
        assertThat(post("/admin/slots/alice/restart").statusCode()).isEqualTo(200);
        JsonNode starts = admin("/admin/starts");
        assertThat(starts.path("window_seconds").asLong()).isEqualTo(3600);
        assertThat(starts.path("data")).extracting(n -> n.path("kind").asText()).containsExactly("cold", "resume");
        for (JsonNode start : starts.path("data")) {
            assertThat(start.path("ms").asLong()).isGreaterThanOrEqualTo(app.backend.startDelayMillis);
            assertThat(Instant.parse(start.path("time").asText())).isBeforeOrEqualTo(Instant.now());
        }
    }

    @Test
    void recent_errors_name_the_route_status_and_code_but_no_secret_or_raw_path() throws Exception {
        app.send(app.request("/v1/models").header("Authorization", "Bearer wrong-secret-key-0123456789"));
        app.send(app.asService("/v1/jobs/job1/files/private-notes.txt", "alice"));
        JsonNode errors = admin("/admin/errors");
        assertThat(errors.path("capacity").asInt()).isEqualTo(200);
        JsonNode newest = errors.path("data").path(0);
        assertThat(newest.path("route").asText()).isEqualTo("/v1/jobs/{job}/files/<path>");
        assertThat(newest.path("user").asText()).isEqualTo("alice");
        assertThat(newest.path("credential").asText()).isEqualTo("service#0");
        assertThat(newest.path("status").asInt()).isGreaterThanOrEqualTo(400);
        JsonNode older = errors.path("data").path(1);
        assertThat(older.path("route").asText()).isEqualTo("/v1/models");
        assertThat(older.path("status").asInt()).isEqualTo(401);
        assertThat(older.path("code").asText()).isEqualTo("invalid_credentials");
        assertThat(older.path("request_id").asText()).isNotBlank();
        assertThat(errors.toString()).doesNotContain("wrong-secret").doesNotContain("private-notes")
                .doesNotContain(AppHarness.SERVICE_KEY);
    }

    @Test
    void usage_reports_memory_against_its_limit_and_disk_per_volume() throws Exception {
        startSlot("alice");
        app.usage = slots -> {
            Map<String, SlotUsage> out = new HashMap<>();
            for (SlotView slot : slots) {
                out.put(slot.slot(), new SlotUsage(Optional.of(12.345), Optional.of(300L << 20),
                        Optional.of(1L << 30), Map.of(VolumeKind.CLAUDE, 1000L, VolumeKind.CODEX, 20L,
                        VolumeKind.JOBS, 5000L), Optional.of(Instant.parse("2026-01-01T00:00:00Z"))));
            }
            return out;
        };
        JsonNode usage = admin("/admin/usage");
        assertThat(usage.path("available").asBoolean()).isTrue();
        JsonNode alice = row(usage, "alice");
        assertThat(alice.path("state").asText()).isEqualTo("running");
        assertThat(alice.path("cpu_percent").asDouble()).isEqualTo(12.3);
        assertThat(alice.path("memory_bytes").asLong()).isEqualTo(300L << 20);
        assertThat(alice.path("memory_limit_bytes").asLong()).isEqualTo(1L << 30);
        assertThat(alice.path("disk").path("jobs").asLong()).isEqualTo(5000);
        assertThat(alice.path("disk_bytes").asLong()).isEqualTo(6020);
        assertThat(alice.path("disk_measured_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void usage_is_reported_as_unknown_when_the_backend_cannot_measure_it() throws Exception {
        startSlot("alice");
        JsonNode usage = admin("/admin/usage");
        assertThat(usage.path("available").asBoolean()).isFalse();
        JsonNode alice = row(usage, "alice");
        assertThat(alice.path("memory_bytes").isNull()).isTrue();
        assertThat(alice.path("disk_bytes").isNull()).isTrue();
    }

    @Test
    void logins_come_from_the_runner_while_it_is_up_and_stay_known_after_it_stops() throws Exception {
        startSlot("alice");
        JsonNode live = row(admin("/admin/logins"), "alice");
        assertThat(live.path("source").asText()).isEqualTo("runner");
        assertThat(live.path("claude").path("logged_in").asBoolean()).isFalse();
        assertThat(live.path("codex").isObject()).isTrue();
        String observed = live.path("observed_at").asText();
        assertThat(post("/admin/slots/alice/stop").statusCode()).isEqualTo(200);
        int startsBefore = app.backend.starts.get();
        JsonNode stopped = row(admin("/admin/logins"), "alice");
        assertThat(stopped.path("state").asText()).isEqualTo("stopped");
        assertThat(stopped.path("source").asText()).isEqualTo("last_known");
        assertThat(stopped.path("observed_at").asText()).isEqualTo(observed);
        assertThat(app.backend.starts.get()).as("asking never starts a runner").isEqualTo(startsBefore);
    }

    @Test
    void a_stopped_runner_never_seen_up_has_unknown_logins() throws Exception {
        startSlot("bob");
        assertThat(post("/admin/slots/bob/stop").statusCode()).isEqualTo(200);
        app.admin.logins().forget(new UserId("bob"));
        JsonNode bob = row(admin("/admin/logins"), "bob");
        assertThat(bob.path("source").asText()).isEqualTo("unknown");
        assertThat(bob.path("claude").isNull()).isTrue();
        assertThat(bob.path("observed_at").isNull()).isTrue();
    }

    @Test
    void the_dashboard_endpoints_list_every_slot_the_slot_list_has() throws Exception {
        startSlot("alice");
        startSlot("bob");
        for (String path : List.of("/admin/slots", "/admin/usage", "/admin/logins")) {
            assertThat(admin(path).path("data")).extracting(n -> n.path("user").asText())
                    .as(path).containsExactly("alice", "bob");
        }
    }
}
