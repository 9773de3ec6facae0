package dev.ccx.runner.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.runner.Json;
import dev.ccx.runner.cli.Executables;
import dev.ccx.runner.cli.ProcessTree;
import dev.ccx.runner.config.AgentConfig;
import dev.ccx.runner.testing.TestConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code codex} CLI (0.169) completing a device login against the fake issuer
 * ({@code --experimental_issuer}); skipped when no {@code codex} is on the PATH (the runner image IT covers it).
 */
class CodexRealCliLoginTest {

    @TempDir
    Path dir;

    private FakeModelServer fake;
    private CodexLogin login;
    private AgentConfig config;

    @BeforeEach
    void start() throws Exception {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        Optional<Path> codex = Executables.find("codex", path);
        Assumptions.assumeTrue(codex.isPresent(), "no codex CLI on the PATH");
        fake = FakeModelServer.start();
        config = TestConfig.in(dir).with("CCX_CODEX_BIN", codex.get().toString()).with("PATH", path)
                .with("CCX_CODEX_LOGIN_ISSUER", fake.baseUrl()).build();
        login = new CodexLogin(config.login(), config.cli(), config.locations(),
                new AuthStatus(config.locations().claudeHome(), config.locations().codexHome(), Map.of(),
                        Clock.systemUTC()),
                new ProcessTree(Duration.ofMillis(500)), Clock.systemUTC(), Duration.ofSeconds(20), Duration.ofSeconds(3));
    }

    @AfterEach
    void stop() {
        if (fake != null) {
            login.logout();
            fake.close();
        }
    }

    @Test
    void the_real_cli_finishes_a_device_login_once_the_code_is_approved() throws Exception {
        ObjectNode started = login.start();
        assertThat(started.path("url").asText()).isEqualTo(fake.baseUrl() + "/codex/device");
        ObjectNode session = Json.object().put("session_id", started.path("session_id").asText());
        assertThat(login.complete(session).status()).isEqualTo(202);

        HttpResponse<String> approval = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                fake.baseUrl() + "/codex/device?user_code=" + started.path("user_code").asText() + "&fake_user=bob"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(approval.statusCode()).isEqualTo(200);
        LoginReply reply = login.complete(session);
        for (int i = 0; i < 10 && reply.status() == 202; i++) {
            reply = login.complete(session);
        }

        assertThat(reply.status()).as(reply.body().toString()).isEqualTo(200);
        JsonNode auth = Json.parse(Files.readAllBytes(config.locations().codexHome().resolve("auth.json")));
        assertThat(auth.path("tokens").path("account_id").asText()).isEqualTo("acct-bob");
        assertThat(auth.path("tokens").path("access_token").asText()).isEqualTo(fake.issuedTokens().get(0).accessToken());
        assertThat(login.status().path("authMethod").asText()).isEqualTo("auth_json");
        assertThat(login.status().path("expiresAt").asLong()).isPositive();
    }

    @Test
    void the_real_cli_refuses_an_access_token_that_is_not_an_agent_identity_jwt() {
        assertThatThrownBy(() -> login.importCredentials(Json.object().put("access_token", "not-a-jwt")))
                .isInstanceOfSatisfying(LoginFailure.class, e -> assertThat(e.reason().status()).isEqualTo(400));
        assertThat(Files.exists(config.locations().codexHome().resolve("auth.json"))).isFalse();
    }
}
