package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.ProcessTree;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import dev.ccx.runner.testing.MutableClock;
import dev.ccx.runner.testing.Processes;
import dev.ccx.runner.testing.StandIn;
import dev.ccx.runner.testing.TestConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Codex login against a stand-in {@code codex} that behaves like 0.169's login commands. */
class CodexLoginTest {

    /** Prints 0.169's device prompt, then waits for the test to approve or deny by writing a file. */
    private static final String STAND_IN = """
            echo "$@" > "$CODEX_HOME/../args"
            case "$1 $2" in
              "login --device-auth")
                echo $$ > "$CODEX_HOME/../pid"
                [ -f "$CODEX_HOME/../silent" ] && exec sleep 60
                printf '\\nWelcome to Codex [v\\033[90m0.169.0\\033[0m]\\n'
                printf '1. Open this link in your browser and sign in to your account\\n'
                printf '   \\033[94mhttps://auth.openai.com/codex/device\\033[0m\\n\\n'
                printf '2. Enter this one-time code \\033[90m(expires in 15 minutes)\\033[0m\\n'
                printf '   \\033[94mWXYZ-98765\\033[0m\\n'
                while [ ! -f "$CODEX_HOME/../decision" ]; do sleep 0.05; done
                if [ "$(cat "$CODEX_HOME/../decision")" = approve ]; then
                  printf '{"tokens":{"access_token":"at","refresh_token":"rt"}}' > "$CODEX_HOME/auth.json"
                  echo "Successfully logged in"; exit 0
                fi
                echo "Error logging in: device code expired"; exit 1 ;;
              "login --with-access-token")
                read token
                if [ "$token" = good-token ]; then
                  printf '{"tokens":{"access_token":"%s"}}' "$token" > "$CODEX_HOME/auth.json"; exit 0
                fi
                echo "Error logging in with access token: invalid agent identity JWT format"; exit 1 ;;
              "logout ")
                echo "Successfully logged out" ;;
            esac
            """;

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T00:00:00Z"));
    private AgentConfig config;
    private CodexLogin login;

    @BeforeEach
    void setUp() {
        TestConfig test = TestConfig.in(dir).with("CCX_CODEX_BIN", dir.resolve("bin/codex").toString())
                .with("CCX_CODEX_LOGIN_ISSUER", "http://issuer.test:9");
        StandIn.script(dir.resolve("bin"), "codex", STAND_IN);
        config = test.build();
        login = new CodexLogin(config.login(), config.cli(), config.locations(),
                new AuthStatus(config.locations().claudeHome(), config.locations().codexHome(),
                        config.cli().passThrough(), clock),
                new ProcessTree(Duration.ofMillis(200)), clock, Duration.ofSeconds(5), Duration.ofMillis(200));
    }

    private Path home(String name) {
        return dir.resolve("home").resolve(name);
    }

    private static ObjectNode session(ObjectNode started) {
        return Json.object().put("session_id", started.path("session_id").asText());
    }

    @Test
    void start_runs_the_device_login_against_the_configured_issuer_and_returns_what_it_printed() throws Exception {
        ObjectNode started = login.start();

        assertThat(started.path("url").asText()).isEqualTo("https://auth.openai.com/codex/device");
        assertThat(started.path("user_code").asText()).isEqualTo("WXYZ-98765");
        assertThat(started.path("session_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(Files.readString(home("args")).strip())
                .isEqualTo("login --device-auth --experimental_issuer http://issuer.test:9");
        login.logout();
    }

    @Test
    void complete_is_202_pending_until_the_code_is_approved_then_200_logged_in() throws Exception {
        ObjectNode started = login.start();

        LoginReply pending = login.complete(session(started));
        Files.writeString(home("decision"), "approve");
        LoginReply done = login.complete(session(started));

        assertThat(pending.status()).isEqualTo(202);
        assertThat(pending.body().toString()).isEqualTo("{\"ok\":false,\"status\":\"pending\"}");
        assertThat(done.status()).isEqualTo(200);
        assertThat(done.body().toString()).isEqualTo("{\"ok\":true,\"loggedIn\":true}");
        assertThat(login.status().path("authMethod").asText()).isEqualTo("auth_json");
        assertThatThrownBy(() -> login.complete(session(started))).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.reason()).isEqualTo(Reason.LOGIN_SESSION_UNKNOWN));
    }

    @Test
    void a_device_login_the_cli_gave_up_on_is_a_400_login_failure() throws Exception {
        ObjectNode started = login.start();
        Files.writeString(home("decision"), "deny");

        assertThatThrownBy(() -> login.complete(session(started))).isInstanceOfSatisfying(LoginFailure.class, e -> {
            assertThat(e.reason().status()).isEqualTo(400);
            assertThat(e.getMessage()).isEqualTo("codex login did not complete");
        });
    }

    @Test
    void a_cli_that_prints_no_device_code_fails_the_start_and_is_stopped() throws Exception {
        Files.writeString(home("silent"), "");
        login = new CodexLogin(config.login(), config.cli(), config.locations(),
                new AuthStatus(config.locations().claudeHome(), config.locations().codexHome(), config.cli()
                        .passThrough(), clock), new ProcessTree(Duration.ofMillis(200)), clock, Duration.ofMillis(500),
                Duration.ofMillis(200));

        assertThatThrownBy(login::start).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.reason().status()).isEqualTo(500);
            assertThat(e.getMessage()).isEqualTo("codex login did not produce a device code");
        });
        assertThat(Processes.awaitGone(Processes.awaitPid(home("pid"), Duration.ofSeconds(2)), Duration.ofSeconds(5)))
                .isTrue();
    }

    @Test
    void without_the_cli_start_is_a_cli_not_found_500() {
        CodexLogin missing = new CodexLogin(config.login(), TestConfig.in(dir.resolve("other"))
                .with("CCX_CODEX_BIN", "/nonexistent/codex").build().cli(), config.locations(),
                new AuthStatus(home(".claude"), home(".codex"), java.util.Map.of(), clock),
                new ProcessTree(Duration.ofMillis(200)), clock, Duration.ofSeconds(1), Duration.ofMillis(100));

        assertThatThrownBy(missing::start).isInstanceOfSatisfying(AgentException.class, e -> {
            assertThat(e.reason()).isEqualTo(Reason.CLI_NOT_FOUND);
            assertThat(e.getMessage()).isEqualTo("codex CLI not found");
        });
        assertThat(missing.status().path("cliAvailable").asBoolean()).isFalse();
        assertThat(login.status().path("cliAvailable").asBoolean()).isTrue();
    }

    @Test
    void a_pending_login_expires_after_fifteen_minutes_and_its_process_is_stopped() throws Exception {
        ObjectNode started = login.start();
        long pid = Processes.awaitPid(home("pid"), Duration.ofSeconds(2));

        clock.advance(Duration.ofMinutes(15));

        assertThatThrownBy(() -> login.complete(session(started))).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.reason().status()).isEqualTo(404));
        assertThat(Processes.awaitGone(pid, Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void a_new_start_cancels_the_pending_login() throws Exception {
        ObjectNode first = login.start();
        long firstPid = Processes.awaitPid(home("pid"), Duration.ofSeconds(2));
        Files.delete(home("pid"));

        login.start();

        assertThat(Processes.awaitGone(firstPid, Duration.ofSeconds(5))).isTrue();
        assertThatThrownBy(() -> login.complete(session(first))).isInstanceOf(AgentException.class);
        login.logout();
    }

    @Test
    void logout_cancels_a_pending_login_runs_codex_logout_and_removes_auth_json() throws Exception {
        login.start();
        long pid = Processes.awaitPid(home("pid"), Duration.ofSeconds(2));
        Files.writeString(home(".codex/auth.json"), "{\"tokens\":{\"access_token\":\"x\"}}");

        ObjectNode reply = login.logout();

        assertThat(reply.toString()).isEqualTo("{\"ok\":true,\"loggedIn\":false}");
        assertThat(Processes.awaitGone(pid, Duration.ofSeconds(5))).isTrue();
        assertThat(Files.exists(home(".codex/auth.json"))).isFalse();
        assertThat(Files.readString(home("args")).strip()).isEqualTo("logout");
    }

    @Test
    void an_access_token_is_imported_through_the_cli_reading_it_from_stdin() throws Exception {
        ObjectNode reply = login.importCredentials(Json.object().put("access_token", "good-token"));

        assertThat(reply.toString()).isEqualTo("{\"ok\":true,\"loggedIn\":true}");
        assertThat(Files.readString(home("args")).strip()).isEqualTo("login --with-access-token");
        assertThatThrownBy(() -> login.importCredentials(Json.object().put("access_token", "bad-token")))
                .isInstanceOfSatisfying(LoginFailure.class, e -> {
                    assertThat(e.reason().status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("codex credential import failed");
                });
    }

    @Test
    void an_auth_json_is_validated_and_written_0600() throws Exception {
        String auth = "{\"OPENAI_API_KEY\":null,\"tokens\":{\"id_token\":\"i\",\"access_token\":\"a\",\"refresh_token\":"
                + "\"r\",\"account_id\":\"acct\"},\"last_refresh\":\"2026-11-22T00:00:00Z\"}";

        ObjectNode reply = login.importCredentials(Json.object().set("auth_json",
                Json.parse(auth.getBytes(StandardCharsets.UTF_8))));

        Path file = home(".codex/auth.json");
        assertThat(reply.path("loggedIn").asBoolean()).isTrue();
        assertThat(Json.parse(Files.readAllBytes(file))).isEqualTo(Json.parse(auth.getBytes(StandardCharsets.UTF_8)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void imports_without_usable_credentials_are_422s() {
        String[] bodies = {"{}", "{\"access_token\":\"\"}", "{\"auth_json\":\"text\"}", "{\"auth_json\":{}}",
            "{\"auth_json\":{\"tokens\":{\"access_token\":7}}}", "{\"auth_json\":{\"OPENAI_API_KEY\":\"\"}}"};
        for (String body : bodies) {
            assertThatThrownBy(() -> login.importCredentials(Json.parse(body.getBytes(StandardCharsets.UTF_8))))
                    .as(body).isInstanceOfSatisfying(AgentException.class, e ->
                            assertThat(e.reason().status()).isEqualTo(422));
        }
        assertThat(Files.exists(home(".codex/auth.json"))).isFalse();
    }
}
