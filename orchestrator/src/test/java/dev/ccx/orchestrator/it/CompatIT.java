package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ccx.fakemodel.RecordedRequest;
import dev.ccx.fakemodel.auth.IssuedToken;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotNames;
import dev.ccx.orchestrator.slot.VolumeKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A cc-executor-docker client switched to ccx by changing its URL: a recorded session (Claude OAuth login, Codex
 * device login, runs, purges) replayed for alice and bob against real Docker, the real runner image and the real
 * CLIs, with per-user login required. Each login happens in that user's runner and each run uses that user's own
 * token, as the fake model and auth servers saw them.
 */
class CompatIT {
    private static final List<String> USERS = List.of("alice", "bob");
    @TempDir
    static Path state;
    static ItEnvironment env;
    static SlotNames names;

    @BeforeAll
    static void start() {
        String fake = ItEnvironment.FAKE_MODEL;
        env = new ItEnvironment(state, Map.of(
                "CCX_REQUIRE_USER_LOGIN", "true",
                "CCX_CLAUDE_OAUTH_AUTHORIZE_URL", fake + "/oauth/authorize",
                "CCX_CLAUDE_OAUTH_TOKEN_URL", fake + "/v1/oauth/token",
                "CCX_CODEX_LOGIN_ISSUER", fake,
                "CCX_RUNNER_ENV_FAKE_KEY", "",
                "CCX_CODEX_CONFIG", "[\"model_provider=\\\"fake\\\"\",\"model_providers.fake.name=\\\"fake\\\"\","
                        + "\"model_providers.fake.base_url=\\\"" + fake + "/v1\\\"\","
                        + "\"model_providers.fake.wire_api=\\\"responses\\\"\","
                        + "\"model_providers.fake.requires_openai_auth=true\"]"));
        names = new SlotNames(env.instance);
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    @Test
    void a_recorded_cc_executor_session_for_two_users_ends_in_each_users_own_runner() throws Exception {
        SessionReplay replay = new SessionReplay("cc-executor-session.json", env.baseUrl(), ItEnvironment.SERVICE_KEY);
        Map<String, Consumer<String>> checkpoints = Map.of(
                "logged-in", user -> loggedIn(replay, user),
                "claude-purged", CompatIT::claudePurged,
                "purged", CompatIT::purged);

        replay.run(USERS, checkpoints);
    }

    /** After both logins and runs: whose token each run carried, and whose home holds which credential. */
    private static void loggedIn(SessionReplay replay, String user) {
        String other = user.equals("alice") ? "bob" : "alice";
        String claudeToken = token("claude", user);
        String codexToken = token("codex", user);
        List<RecordedRequest> claudeRuns = requests("/v1/messages", "claude answered " + user);
        List<RecordedRequest> codexRuns = requests("/v1/responses", "codex answered " + user);
        assertThat(claudeRuns).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("authorization")).contains("Bearer " + claudeToken);
            assertThat(r.header("x-api-key")).isEmpty();
        });
        assertThat(codexRuns).isNotEmpty().allSatisfy(r -> {
            assertThat(r.header("authorization")).contains("Bearer " + codexToken);
            assertThat(r.header("chatgpt-account-id")).contains("acct-" + user);
        });
        assertThat(env.model.requests()).filteredOn(r -> r.path().equals("/v1/messages"))
                .allSatisfy(r -> assertThat(r.header("x-api-key")).as("no shared key reached a CLI").isEmpty());

        String credentials = inRunner(user, "cat /home/runner/.claude/.credentials.json");
        String auth = inRunner(user, "cat /home/runner/.codex/auth.json");
        assertThat(credentials).contains(claudeToken).doesNotContain(token("claude", other));
        assertThat(inRunner(user, "stat -c %a /home/runner/.claude/.credentials.json").strip()).isEqualTo("600");
        assertThat(auth).contains("acct-" + user).doesNotContain("acct-" + other);
        assertThat(inRunner(user, "ls -a /home/runner /jobs")).doesNotContain(other);

        String environment = replay.vars(user).get("env_dump");
        assertThat(environment).contains("CCX_REQUIRE_USER_LOGIN=true").contains("CCX_SLOT=" + slot(user))
                .doesNotContain(ItEnvironment.SERVICE_KEY).doesNotContain(ItEnvironment.ADMIN_KEY)
                .doesNotContain("test-key").doesNotContain("ANTHROPIC_API_KEY");
    }

    /** After {@code DELETE /admin/config-dir}: only that user's Claude volume is gone. */
    private static void claudePurged(String user) {
        UserId id = new UserId(user);
        List<String> volumes = env.volumes().stream().map(v -> v.getName()).toList();
        assertThat(volumes).doesNotContain(names.volumeName(id, VolumeKind.CLAUDE))
                .contains(names.volumeName(id, VolumeKind.CODEX), names.volumeName(id, VolumeKind.JOBS));
        String other = user.equals("alice") ? "bob" : "alice";
        assertThat(volumes).contains(names.volumeName(new UserId(other), VolumeKind.CODEX));
    }

    /** After both config-dir purges: the user's credentials are gone. */
    private static void purged(String user) {
        assertThat(inRunner(user, "ls -a /home/runner/.claude /home/runner/.codex"))
                .doesNotContain(".credentials.json").doesNotContain("auth.json");
    }

    private static String token(String provider, String user) {
        return env.model.issuedTokens().stream().filter(t -> t.provider().equals(provider) && t.user().equals(user))
                .map(IssuedToken::accessToken).reduce((a, b) -> b).orElseThrow();
    }

    private static List<RecordedRequest> requests(String path, String marker) {
        return env.model.requests().stream().filter(r -> r.path().equals(path) && r.body().contains(marker)).toList();
    }

    private static String slot(String user) {
        return names.slotName(new UserId(user));
    }

    /** Output of a shell command inside {@code user}'s runner (empty when it fails). */
    private static String inRunner(String user, String command) {
        return Images.run(Images.repoRoot(), false, "docker", "exec", slot(user), "sh", "-c", command);
    }
}
