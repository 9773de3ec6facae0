package dev.ccx.orchestrator.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ccx.fakemodel.FakeModelServer;
import dev.ccx.orchestrator.auth.UserId;
import dev.ccx.orchestrator.slot.SlotSpec;
import dev.ccx.orchestrator.slot.VolumeKind;
import dev.ccx.orchestrator.testing.AppHarness;
import dev.ccx.orchestrator.testing.FakeSlotBackend;
import dev.ccx.orchestrator.testing.InProcessAgents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;

/**
 * The orchestrator app with the real runner agent in process for each user (stand-in {@code claude} and
 * {@code codex} scripts, the fake model server as Claude's OAuth server): the compatibility layer end to end
 * without Docker.
 */
final class CompatFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    /** Claude stand-in: a run reports the config dir it ran with; {@code auth logout} prints a line. */
    private static final String CLAUDE = """
            #!/bin/sh
            if [ "$1" = auth ]; then echo "Logged out on this computer."; exit 0; fi
            echo "{\\"type\\":\\"result\\",\\"subtype\\":\\"success\\",\\"is_error\\":false,\\"result\\":\\"claude ran with $CLAUDE_CONFIG_DIR\\",\\"usage\\":{\\"input_tokens\\":1,\\"output_tokens\\":1}}"
            """;

    /** Codex stand-in: exec reports its home; device login waits for the test's decision file. */
    private static final String CODEX = """
            #!/bin/sh
            case "$1 $2" in
              "login --device-auth")
                printf '   \\033[94mhttps://auth.openai.com/codex/device\\033[0m\\n   \\033[94mWXYZ-98765\\033[0m\\n'
                while [ ! -f "$CODEX_HOME/decision" ]; do sleep 0.05; done
                printf '{"tokens":{"access_token":"at-device","refresh_token":"rt"}}' > "$CODEX_HOME/auth.json"
                rm -f "$CODEX_HOME/decision"; exit 0 ;;
              "logout ") exit 0 ;;
              "login --with-access-token") exit 1 ;;
            esac
            echo '{"type":"thread.started","thread_id":"t"}'
            echo "{\\"type\\":\\"item.completed\\",\\"item\\":{\\"id\\":\\"i\\",\\"type\\":\\"agent_message\\",\\"text\\":\\"codex ran with $CODEX_HOME\\"}}"
            echo '{"type":"turn.completed","usage":{"input_tokens":1,"cached_input_tokens":0,"output_tokens":1,"reasoning_output_tokens":0}}'
            """;

    final FakeModelServer fake;
    final AppHarness app;
    final Path agents;
    private final HttpClient http = HttpClient.newHttpClient();

    CompatFixture(Path dir, Map<String, String> settings) {
        try {
            fake = FakeModelServer.start();
            Path bin = Files.createDirectories(dir.resolve("bin"));
            script(bin.resolve("claude"), CLAUDE);
            script(bin.resolve("codex"), CODEX);
            agents = Files.createDirectories(dir.resolve("agents"));
            InProcessAgents inProcess = new InProcessAgents(agents);
            Map<String, String> runnerEnv = Map.of("CCX_CLAUDE_BIN", bin.resolve("claude").toString(),
                    "CCX_CODEX_BIN", bin.resolve("codex").toString(), "CCX_RETRY_DELAY_MS", "0");
            FakeSlotBackend.Starter starter = (spec, tls) -> {
                Path home = agents.resolve(spec.slotName() + "-home");
                Files.createDirectories(home.resolve(".claude"));
                Files.createDirectories(home.resolve(".codex"));
                return inProcess.start(withEnv(spec, runnerEnv), tls);
            };
            Map<String, String> env = new HashMap<>(settings);
            env.putIfAbsent("CCX_CLAUDE_OAUTH_AUTHORIZE_URL", fake.baseUrl() + "/oauth/authorize");
            env.putIfAbsent("CCX_CLAUDE_OAUTH_TOKEN_URL", fake.baseUrl() + "/v1/oauth/token");
            app = new AppHarness(Files.createDirectories(dir.resolve("state")), starter, env);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SlotSpec withEnv(SlotSpec spec, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(spec.env());
        env.putAll(extra);
        return new SlotSpec(spec.user(), spec.slotName(), spec.image(), spec.imageId(), spec.volumes(), env,
                spec.limits(), spec.network(), spec.extraHosts(), spec.seccompProfileJson(), spec.agentPort());
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The Claude home of {@code user}'s in-process runner. */
    Path claudeHome(String user) {
        return agents.resolve(app.names.slotName(new UserId(user)) + "-home/.claude");
    }

    Path codexHome(String user) {
        return agents.resolve(app.names.slotName(new UserId(user)) + "-home/.codex");
    }

    String volume(String user, VolumeKind kind) {
        return app.names.volumeName(new UserId(user), kind);
    }

    /** A request with the service key, as a cc-executor-docker client sends its one bearer key. */
    HttpRequest.Builder service(String path) {
        return app.request(path).header("Authorization", "Bearer " + AppHarness.SERVICE_KEY);
    }

    HttpRequest.Builder claudeDir(String path, String user) {
        return service(path).header("X-Claude-Config-Dir", "/root/.claude/users/" + user);
    }

    HttpRequest.Builder codexDir(String path, String user) {
        return service(path).header("X-Codex-Config-Dir", "/root/.codex/users/" + user);
    }

    static HttpRequest.BodyPublisher json(String body) {
        return HttpRequest.BodyPublishers.ofString(body);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return app.send(request);
    }

    static JsonNode body(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    /** Visits a Claude authorize URL as {@code user} in a browser would; the callback URL it redirects to. */
    String consent(String url, String user) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url + "&fake_user=" + user)).build(),
                HttpResponse.BodyHandlers.ofString()).headers().firstValue("Location").orElseThrow();
    }

    @Override
    public void close() {
        app.close();
        fake.close();
    }
}
