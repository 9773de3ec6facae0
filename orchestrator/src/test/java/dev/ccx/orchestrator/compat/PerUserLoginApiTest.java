package dev.ccx.orchestrator.compat;

import static dev.ccx.orchestrator.compat.CompatFixture.body;
import static dev.ccx.orchestrator.compat.CompatFixture.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.ccx.orchestrator.testing.AppHarness;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ccx's own login API, {@code /v1/auth/{claude,codex}/...}, for service keys and user tokens. */
class PerUserLoginApiTest {
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

    private static String userToken(String subject) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().subject(subject)
                .expirationTime(Date.from(Instant.now().plusSeconds(600))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(AppHarness.JWT_SECRET.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }

    @Test
    void a_service_key_logs_the_named_user_in_to_claude_and_the_token_stays_in_that_users_runner() throws Exception {
        JsonNode started = body(f.send(f.app.asService("/v1/auth/claude/start", "alice").POST(json(""))));
        String callback = f.consent(started.path("url").asText(), "alice");

        HttpResponse<String> done = f.send(f.app.asService("/v1/auth/claude/complete", "alice").POST(json(
                "{\"session_id\":\"" + started.path("session_id").asText() + "\",\"code\":\"" + callback + "\"}")));
        HttpResponse<String> status = f.send(f.app.asService("/v1/auth/claude/status", "alice"));

        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        String token = f.fake.issuedTokens().get(0).accessToken();
        assertThat(done.body()).doesNotContain(token);
        assertThat(Files.readString(f.claudeHome("alice").resolve(".credentials.json"))).contains(token);
        assertThat(body(status).path("loggedIn").asBoolean()).isTrue();
        assertThat(body(f.send(f.app.asService("/v1/auth/status", "alice"))).path("claude").path("authMethod")
                .asText()).isEqualTo("claude.ai");
    }

    @Test
    void a_user_token_cannot_complete_a_session_another_user_started() throws Exception {
        String id = body(f.send(f.app.asService("/v1/auth/claude/start", "alice").POST(json("")))).path("session_id")
                .asText();

        HttpResponse<String> r = f.send(f.app.request("/v1/auth/claude/complete")
                .header("Authorization", "Bearer " + userToken("mallory"))
                .POST(json("{\"session_id\":\"" + id + "\",\"code\":\"x\"}")));

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(body(r).path("error").path("code").asText()).isEqualTo("login_session_forbidden");
    }

    @Test
    void codex_device_login_and_logout_through_the_login_api() throws Exception {
        HttpResponse<String> started = f.send(f.app.asService("/v1/auth/codex/start", "bob").POST(json("")));
        String id = body(started).path("session_id").asText();
        HttpResponse<String> pending = f.send(f.app.asService("/v1/auth/codex/complete", "bob").POST(json(
                "{\"session_id\":\"" + id + "\"}")));
        HttpResponse<String> logout = f.send(f.app.asService("/v1/auth/codex/logout", "bob").POST(json("")));
        HttpResponse<String> after = f.send(f.app.asService("/v1/auth/codex/complete", "bob").POST(json(
                "{\"session_id\":\"" + id + "\"}")));

        assertThat(body(started).path("user_code").asText()).isEqualTo("WXYZ-98765");
        assertThat(pending.statusCode()).isEqualTo(202);
        assertThat(logout.statusCode()).isEqualTo(200);
        assertThat(after.statusCode()).as("logout cancelled the pending device login").isEqualTo(404);
    }

    @Test
    void an_unknown_cli_is_a_404_and_admin_keys_are_refused() throws Exception {
        assertThat(f.send(f.app.asService("/v1/auth/gemini/start", "alice").POST(json(""))).statusCode())
                .isEqualTo(404);
        assertThat(f.send(f.app.asAdmin("/v1/auth/claude/status")).statusCode()).isEqualTo(403);
        assertThat(f.send(f.app.request("/v1/auth/claude/status")).statusCode()).isEqualTo(401);
    }
}
