package dev.ccx.orchestrator.compat;

import static dev.ccx.orchestrator.compat.CompatFixture.body;
import static dev.ccx.orchestrator.compat.CompatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.orchestrator.slot.VolumeKind;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cc-executor-docker's Codex admin endpoints, against the real runner agent of each user. */
class CompatCodexApiTest {
    @TempDir
    Path dir;
    CompatFixture f;

    @BeforeEach
    void start() {
        f = new CompatFixture(dir, Map.of());
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private HttpResponse<String> complete(String user, String sessionId) throws Exception {
        return f.send(f.codexDir("/admin/codex/login/complete", user).POST(json("{\"session_id\":\"" + sessionId
                + "\"}")));
    }

    @Test
    void a_device_login_is_202_while_pending_and_200_once_approved_in_the_named_users_runner() throws Exception {
        HttpResponse<String> started = f.send(f.codexDir("/admin/codex/login/start", "bob").POST(json("")));
        assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
        JsonNode s = body(started);
        assertThat(s.fieldNames()).toIterable().containsExactly("session_id", "url", "user_code");
        assertThat(s.path("url").asText()).isEqualTo("https://auth.openai.com/codex/device");
        assertThat(s.path("user_code").asText()).isEqualTo("WXYZ-98765");
        String id = s.path("session_id").asText();

        HttpResponse<String> pending = complete("bob", id);
        Files.writeString(f.codexHome("bob").resolve("decision"), "approve");
        HttpResponse<String> done = complete("bob", id);
        for (int i = 0; i < 5 && done.statusCode() == 202; i++) {
            done = complete("bob", id);
        }

        assertThat(pending.statusCode()).isEqualTo(202);
        assertThat(pending.body()).isEqualTo("{\"ok\":false,\"status\":\"pending\"}");
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(done.body()).isEqualTo("{\"ok\":true,\"loggedIn\":true}");
        assertThat(f.codexHome("bob").resolve("auth.json")).exists();
        assertThat(f.codexHome("alice").resolve("auth.json")).doesNotExist();
    }

    @Test
    void another_users_device_session_is_a_403_codex_home_mismatch() throws Exception {
        String id = body(f.send(f.codexDir("/admin/codex/login/start", "bob").POST(json("")))).path("session_id").asText();

        HttpResponse<String> stolen = complete("mallory", id);
        HttpResponse<String> viaBody = f.send(f.service("/admin/codex/login/complete").POST(json(
                "{\"session_id\":\"" + id + "\",\"codex_config_dir\":\"/root/.codex/users/mallory\"}")));

        for (HttpResponse<String> r : java.util.List.of(stolen, viaBody)) {
            assertThat(r.statusCode()).isEqualTo(403);
            assertThat(body(r).path("error").path("message").asText()).isEqualTo("CODEX_HOME mismatch for login session");
        }
        f.send(f.codexDir("/admin/codex/logout", "bob").POST(json("")));
    }

    @Test
    void completion_without_a_session_id_is_422_and_with_an_unknown_one_404() throws Exception {
        HttpResponse<String> missing = f.send(f.codexDir("/admin/codex/login/complete", "bob").POST(json("{}")));
        HttpResponse<String> unknown = complete("bob", "nope");

        assertThat(missing.statusCode()).isEqualTo(422);
        assertThat(body(missing).path("error").path("message").asText()).isEqualTo("session_id is required");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).path("error").path("message").asText()).isEqualTo("login session expired or unknown");
    }

    @Test
    void status_reports_the_users_codex_home_as_the_client_names_it() throws Exception {
        HttpResponse<String> r = f.send(f.codexDir("/admin/codex/status", "bob"));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode status = body(r);
        assertThat(status.path("loggedIn").asBoolean()).isFalse();
        assertThat(status.path("authMethod").isNull()).isTrue();
        assertThat(status.path("codexHome").asText()).isEqualTo("/root/.codex/users/bob");
        assertThat(status.path("cliAvailable").asBoolean()).isTrue();
        assertThat(status.has("expiresAt")).isTrue();
        assertThat(status.has("expired")).isTrue();
    }

    @Test
    void an_auth_json_is_imported_0600_and_logout_removes_it() throws Exception {
        HttpResponse<String> imported = f.send(f.codexDir("/admin/codex/credentials", "bob").POST(json(
                "{\"auth_json\":{\"tokens\":{\"access_token\":\"at\",\"refresh_token\":\"rt\"}}}")));
        Path auth = f.codexHome("bob").resolve("auth.json");
        String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(auth));
        HttpResponse<String> logout = f.send(f.codexDir("/admin/codex/logout", "bob").POST(json("")));

        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.body()).isEqualTo("{\"ok\":true,\"loggedIn\":true}");
        assertThat(mode).isEqualTo("rw-------");
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(logout.body()).isEqualTo("{\"ok\":true,\"loggedIn\":false}");
        assertThat(auth).doesNotExist();
    }

    @Test
    void imports_keep_the_predecessors_error_codes() throws Exception {
        HttpResponse<String> neither = f.send(f.codexDir("/admin/codex/credentials", "bob").POST(json("{}")));
        HttpResponse<String> refused = f.send(f.codexDir("/admin/codex/credentials", "bob").POST(json(
                "{\"access_token\":\"rejected-by-the-cli\"}")));

        assertThat(neither.statusCode()).isEqualTo(422);
        assertThat(body(neither).path("error").path("message").asText()).isEqualTo("access_token or auth_json is required");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(body(refused).path("ok").asBoolean(true)).isFalse();
        assertThat(body(refused).path("error").path("message").asText()).isEqualTo("codex credential import failed");
    }

    @Test
    void deleting_the_codex_config_dir_removes_only_that_users_codex_volume_and_is_idempotent() throws Exception {
        f.send(f.codexDir("/admin/codex/status", "bob"));

        HttpResponse<String> first = f.send(f.codexDir("/admin/codex/config-dir", "bob").DELETE());
        HttpResponse<String> second = f.send(f.codexDir("/admin/codex/config-dir", "bob").DELETE());
        HttpResponse<String> invalid = f.send(f.service("/admin/codex/config-dir").header("X-Codex-Config-Dir",
                "/root/.codex").DELETE());

        assertThat(first.body()).isEqualTo("{\"ok\":true,\"existed\":true}");
        assertThat(second.body()).isEqualTo("{\"ok\":true,\"existed\":false}");
        assertThat(f.app.backend.volumes).doesNotContain(f.volume("bob", VolumeKind.CODEX))
                .contains(f.volume("bob", VolumeKind.CLAUDE), f.volume("bob", VolumeKind.JOBS));
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(body(invalid).path("error").path("message").asText()).isEqualTo("invalid codex config dir for delete");
    }

    @Test
    void every_codex_admin_endpoint_needs_the_service_key_and_refuses_admin_keys_before_reading_the_body()
            throws Exception {
        String[][] endpoints = {{"GET", "/admin/codex/status"}, {"POST", "/admin/codex/login/start"},
            {"POST", "/admin/codex/login/complete"}, {"POST", "/admin/codex/credentials"},
            {"POST", "/admin/codex/logout"}, {"DELETE", "/admin/codex/config-dir"}};
        for (String[] e : endpoints) {
            HttpResponse<String> none = f.send(f.app.request(e[1]).method(e[0], json("{not json")));
            HttpResponse<String> admin = f.send(f.app.asAdmin(e[1]).header("X-Codex-Config-Dir",
                    "/root/.codex/users/bob").method(e[0], json("{not json")));
            assertThat(none.statusCode()).as(e[1]).isEqualTo(401);
            assertThat(admin.statusCode()).as(e[1]).isEqualTo(403);
        }
    }

    @Test
    void an_invalid_codex_home_is_the_predecessors_400_in_the_json_error_shape() throws Exception {
        HttpResponse<String> r = f.send(f.service("/admin/codex/status").header("X-Codex-Config-Dir",
                "/root/.codex/users/bob/nested"));

        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = body(r).path("error");
        assertThat(error.path("message").asText()).isEqualTo("invalid CODEX_HOME");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("code").asText()).isEqualTo("invalid_config_dir");
    }
}
