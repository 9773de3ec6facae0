package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthStatusTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path claude;

    @TempDir
    Path codex;

    private AuthStatus status(Map<String, String> env) {
        return new AuthStatus(claude, codex, env, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static String jwt(long exp) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(("{\"exp\":" + exp + "}").getBytes(StandardCharsets.UTF_8)) + ".sig";
    }

    @Test
    void nothing_in_the_homes_means_logged_out() {
        assertThat(status(Map.of()).claude()).isEqualTo(CliLogin.NONE);
        assertThat(status(Map.of()).codex()).isEqualTo(CliLogin.NONE);
    }

    @Test
    void claude_oauth_credentials_report_their_expiry() throws Exception {
        long future = NOW.toEpochMilli() + 3_600_000;
        Files.writeString(claude.resolve(".credentials.json"),
                "{\"claudeAiOauth\":{\"accessToken\":\"sk-ant-oat01-x\",\"expiresAt\":" + future + "}}");

        assertThat(status(Map.of()).claude()).isEqualTo(new CliLogin(true, Optional.of("claude.ai"),
                Optional.of(future), Optional.of(false)));
    }

    @Test
    void an_expired_token_without_refresh_token_is_logged_out_but_with_a_refresh_token_still_works() throws Exception {
        long past = NOW.toEpochMilli() - 1;
        Files.writeString(claude.resolve(".credentials.json"),
                "{\"claudeAiOauth\":{\"accessToken\":\"a\",\"expiresAt\":" + past + "}}");
        assertThat(status(Map.of()).claude().loggedIn()).isFalse();
        assertThat(status(Map.of()).claude().expired()).contains(true);

        Files.writeString(claude.resolve(".credentials.json"),
                "{\"claudeAiOauth\":{\"accessToken\":\"a\",\"refreshToken\":\"r\",\"expiresAt\":" + past + "}}");
        assertThat(status(Map.of()).claude().loggedIn()).isTrue();
    }

    @Test
    void codex_auth_json_expiry_comes_from_the_access_token() throws Exception {
        long exp = NOW.getEpochSecond() + 600;
        Files.writeString(codex.resolve("auth.json"), "{\"OPENAI_API_KEY\":null,\"tokens\":{\"access_token\":\""
                + jwt(exp) + "\",\"id_token\":\"" + jwt(1) + "\",\"refresh_token\":\"r\"}}");

        assertThat(status(Map.of()).codex()).isEqualTo(new CliLogin(true, Optional.of("auth_json"),
                Optional.of(exp * 1000), Optional.of(false)));
    }

    @Test
    void api_keys_passed_to_the_clis_count_as_logged_in() {
        AuthStatus s = status(Map.of("ANTHROPIC_API_KEY", "k", "OPENAI_API_KEY", "k"));

        assertThat(s.claude().authMethod()).contains("api_key");
        assertThat(s.codex().authMethod()).contains("api_key");
    }

    @Test
    void garbage_files_do_not_break_the_status() throws Exception {
        Files.writeString(claude.resolve(".credentials.json"), "not json");
        Files.writeString(codex.resolve("auth.json"), "{\"tokens\":{\"access_token\":\"x.y.z\"}}");

        assertThat(status(Map.of()).claude()).isEqualTo(CliLogin.NONE);
        assertThat(status(Map.of()).codex()).isEqualTo(new CliLogin(true, Optional.of("auth_json"), Optional.empty(),
                Optional.empty()));
    }
}
