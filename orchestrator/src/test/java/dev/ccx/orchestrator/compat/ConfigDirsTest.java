package dev.ccx.orchestrator.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.http.ApiException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigDirsTest {

    private static void refused(ConfigDirs dirs, String dir, String message) {
        assertThatThrownBy(() -> dirs.user(dir)).as(dir).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.publicMessage()).isEqualTo(message);
            assertThat(e.type()).isEqualTo("invalid_request_error");
            assertThat(e.code()).isEqualTo("invalid_config_dir");
        });
    }

    @Test
    void a_users_directory_names_that_user() {
        assertThat(ConfigDirs.CLAUDE.user("/root/.claude/users/alice")).contains(new UserId("alice"));
        assertThat(ConfigDirs.CLAUDE.user("/root/.claude/users/alice/")).contains(new UserId("alice"));
        assertThat(ConfigDirs.CODEX.user("/root/.codex/users/bob@example.com")).contains(new UserId("bob@example.com"));
        assertThat(ConfigDirs.CODEX.user("/root/.codex/users/3f2a-9c1b_x.y+z")).contains(new UserId("3f2a-9c1b_x.y+z"));
    }

    @Test
    void the_shared_directory_is_the_default() {
        assertThat(ConfigDirs.CLAUDE.user("/root/.claude")).isEqualTo(Optional.empty());
        assertThat(ConfigDirs.CODEX.user("/root/.codex/")).isEqualTo(Optional.empty());
    }

    @Test
    void nested_relative_traversing_and_foreign_paths_get_the_predecessors_messages() {
        String[] hostile = {"/root/.claude/users", "/root/.claude/users/", "/root/.claude/users/alice/x",
            "/root/.claude/users/alice/..", "/root/.claude/users/../users/bob", "/root/.claude/users/./alice",
            "/root/.claude/./users/alice", "/root/.claude//users/alice", "/root/.claude/users//alice",
            "root/.claude/users/alice", "users/alice", "/root/.claude/projects", "/root", "/", "/tmp/alice",
            "/root/.claude2/users/alice", "/root/.claude/users/al ice", "/root/.claude/users/al\tice",
            "/root/.claude/users/al\\ice", "/root/.claude/users/.hidden", "/root/.claude/users/-x",
            "/root/.claude/users/ｅvil", "/root/.claude/users/a\u0000b", "/root/.claude/users/" + "a".repeat(129),
            "/root/.codex/users/alice", ""};
        for (String dir : hostile) {
            refused(ConfigDirs.CLAUDE, dir, "invalid CLAUDE_CONFIG_DIR");
        }
        refused(ConfigDirs.CODEX, "/root/.claude/users/alice", "invalid CODEX_HOME");
        refused(ConfigDirs.CODEX, "/root/.codex/users/a/b", "invalid CODEX_HOME");
    }

    @Test
    void a_delete_must_name_a_users_directory_never_the_default() {
        assertThat(ConfigDirs.CLAUDE.userForDelete("/root/.claude/users/alice")).isEqualTo(new UserId("alice"));
        for (String dir : new String[] {"/root/.claude", "/root/.claude/users", "/root/.claude/users/a/b", "", null}) {
            assertThatThrownBy(() -> ConfigDirs.CLAUDE.userForDelete(dir)).as(dir)
                    .hasMessageContaining("invalid config dir for delete");
        }
        assertThatThrownBy(() -> ConfigDirs.CODEX.userForDelete("/root/.codex"))
                .hasMessageContaining("invalid codex config dir for delete");
    }

    @Test
    void a_chat_request_reads_the_directory_of_the_provider_it_runs() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertThat(UserSelection.providerOf(json.readTree("{\"model\":\"codex/default\"}"))).isEqualTo(ConfigDirs.CODEX);
        assertThat(UserSelection.providerOf(json.readTree("{\"provider\":\"codex\",\"model\":\"gpt-5.5\"}")))
                .isEqualTo(ConfigDirs.CODEX);
        assertThat(UserSelection.providerOf(json.readTree("{\"provider\":\"claude\",\"model\":\"codex/x\"}")))
                .isEqualTo(ConfigDirs.CLAUDE);
        assertThat(UserSelection.providerOf(json.readTree("{\"model\":\"sonnet\"}"))).isEqualTo(ConfigDirs.CLAUDE);
        assertThat(UserSelection.providerOf(json.readTree("{}"))).isEqualTo(ConfigDirs.CLAUDE);
    }
}
