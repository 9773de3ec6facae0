package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Job files end to end: the real orchestrator, the real runner image and the real CLIs scripted through the fake
 * model. Users matching {@code quota-*} get a 5 MB jobs quota from a policy file; everyone else the default.
 */
class JobsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final long QUOTA = 5L << 20;
    @TempDir
    static Path state;
    @TempDir
    static Path policyDir;
    static ItEnvironment env;

    @BeforeAll
    static void start() throws Exception {
        Path policies = Images.repoRoot().resolve("policies");
        String policy = Files.readString(policies.resolve("default.yaml")).replace("overrides: []",
                "overrides:\n  - match: \"quota-*\"\n    runner: {jobs_quota: 5m}");
        assertThat(policy).contains("quota-*");
        Files.writeString(policyDir.resolve("policy.yaml"), policy);
        Files.copy(policies.resolve("seccomp-runner.json"), policyDir.resolve("seccomp-runner.json"));
        env = new ItEnvironment(state, Map.of("CCX_POLICY_FILE", policyDir.resolve("policy.yaml").toString()));
    }

    @AfterAll
    static void stop() {
        if (env != null) {
            env.close();
        }
    }

    static HttpResponse<String> files(String method, String path, String user, HttpRequest.BodyPublisher body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + path)).method(method, body)
                .header("Authorization", "Bearer " + ItEnvironment.SERVICE_KEY).header("X-CCX-User", user)
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> get(String path, String user) throws Exception {
        return files("GET", path, user, HttpRequest.BodyPublishers.noBody());
    }

    static HttpResponse<String> put(String path, String user, String content) throws Exception {
        return files("PUT", path, user, HttpRequest.BodyPublishers.ofString(content));
    }

    /** A chat completion in {@code job} with the given tools; returns the answer's text (the fake shows tool output). */
    static String agent(String user, String model, String job, List<String> tools, String prompt) throws Exception {
        ObjectNode body = JSON.createObjectNode().put("model", model).put("job", job);
        if (!tools.isEmpty()) {
            tools.forEach(body.putArray("allowed_tools")::add);
        }
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(env.baseUrl() + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + ItEnvironment.SERVICE_KEY).header("X-CCX-User", user)
                .header("Content-Type", "application/json").timeout(Duration.ofMinutes(3))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").asText();
    }

    static List<String> listed(String user, String job) throws Exception {
        HttpResponse<String> r = get("/v1/jobs/" + job + "/files", user);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> paths = new java.util.ArrayList<>();
        JSON.readTree(r.body()).path("files").forEach(f -> paths.add(f.path("path").asText()));
        return paths;
    }

    @Test
    void an_uploaded_input_is_processed_by_the_agent_and_its_outputs_are_listed_and_downloaded() throws Exception {
        assertThat(put("/v1/jobs/talk-42/files/in/talk.srt", "alice", "1\nhello world\n").statusCode()).isEqualTo(201);

        String answer = agent("alice", "sonnet", "talk-42", List.of("Bash", "Write", "Read"),
                "Uppercase the subtitles and write a report.\n"
                        + "@fake bash mkdir -p out && tr a-z A-Z < in/talk.srt > out/talk.upper.srt\n"
                        + "@fake write out/report.md # Report\\nall good\n@fake reply done");
        agent("alice", "codex/default", "talk-42", List.of(), "@fake write out/codex.txt from codex\n@fake reply ok");

        assertThat(answer).startsWith("done");
        assertThat(listed("alice", "talk-42")).containsExactly("in/talk.srt", "out/codex.txt", "out/report.md",
                "out/talk.upper.srt");
        assertThat(get("/v1/jobs/talk-42/files/out/talk.upper.srt", "alice").body()).isEqualTo("1\nHELLO WORLD\n");
        assertThat(get("/v1/jobs/talk-42/files/out/report.md", "alice").body()).startsWith("# Report\nall good");
        assertThat(get("/v1/jobs/talk-42/files/out/codex.txt", "alice").body().strip()).isEqualTo("from codex");
        JsonNode jobs = JSON.readTree(get("/v1/jobs", "alice").body());
        assertThat(jobs.path("jobs")).extracting(j -> j.path("job").asText()).containsExactly("talk-42");
    }

    @Test
    void links_the_agent_plants_to_etc_passwd_and_another_job_are_never_followed() throws Exception {
        assertThat(put("/v1/jobs/victim/files/secret.txt", "mallory", "victim secret").statusCode()).isEqualTo(201);
        String planted = agent("mallory", "sonnet", "attack", List.of("Bash"), "@fake bash "
                + "ln -s /etc/passwd passwd.txt && ln -s /jobs/victim/secret.txt stolen.txt && ln -s /jobs/victim peer"
                + " && ln -s /etc etc && ln -s /home/runner/.claude /jobs/evil && ls -l . /jobs\n@fake reply planted");
        assertThat(planted).as("the links exist in the runner").contains("passwd.txt -> /etc/passwd")
                .contains("stolen.txt -> /jobs/victim/secret.txt").contains("evil -> /home/runner/.claude");

        for (String path : List.of("/v1/jobs/attack/files/passwd.txt", "/v1/jobs/attack/files/stolen.txt",
                "/v1/jobs/attack/files/peer/secret.txt", "/v1/jobs/attack/files/etc/passwd", "/v1/jobs/evil/files",
                "/v1/jobs/evil/files/.claude.json")) {
            HttpResponse<String> r = get(path, "mallory");
            assertThat(r.statusCode()).as(path + ": " + r.body()).isIn(400, 404);
            assertThat(r.body()).doesNotContain("root:").doesNotContain("victim secret");
        }
        assertThat(put("/v1/jobs/attack/files/stolen.txt", "mallory", "overwritten").statusCode()).isEqualTo(400);
        assertThat(put("/v1/jobs/attack/files/peer/new.txt", "mallory", "planted").statusCode()).isEqualTo(400);
        assertThat(put("/v1/jobs/evil/files/new.txt", "mallory", "planted").statusCode()).isEqualTo(400);
        assertThat(listed("mallory", "attack")).isEmpty();
        assertThat(JSON.readTree(get("/v1/jobs", "mallory").body()).path("jobs"))
                .extracting(j -> j.path("job").asText()).containsExactly("attack", "victim");

        assertThat(files("DELETE", "/v1/jobs/attack", "mallory", HttpRequest.BodyPublishers.noBody()).statusCode())
                .isEqualTo(200);
        assertThat(listed("mallory", "victim")).containsExactly("secret.txt");
        assertThat(get("/v1/jobs/victim/files/secret.txt", "mallory").body()).isEqualTo("victim secret");
    }

    @Test
    void quota_exhaustion_gives_a_clean_413_or_507_and_other_users_are_unaffected() throws Exception {
        String three = "x".repeat(3 << 20);
        assertThat(put("/v1/jobs/j/files/first.bin", "quota-carol", three).statusCode()).isEqualTo(201);

        HttpResponse<String> declared = put("/v1/jobs/j/files/second.bin", "quota-carol", three);
        HttpResponse<String> streamed = files("PUT", "/v1/jobs/j/files/third.bin", "quota-carol",
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        three.getBytes(StandardCharsets.US_ASCII))));
        HttpResponse<String> tooBig = put("/v1/jobs/j/files/fourth.bin", "quota-carol", "x".repeat(6 << 20));
        HttpResponse<String> other = put("/v1/jobs/j/files/big.bin", "dave", "y".repeat(8 << 20));

        assertThat(declared.statusCode()).as(declared.body()).isEqualTo(413);
        assertThat(code(declared)).isEqualTo("quota_exceeded");
        assertThat(message(declared)).contains("jobs quota of " + QUOTA + " bytes");
        assertThat(streamed.statusCode()).as(streamed.body()).isEqualTo(507);
        assertThat(code(streamed)).isEqualTo("quota_exceeded");
        assertThat(message(streamed)).contains("partial file was removed");
        assertThat(tooBig.statusCode()).isEqualTo(413);
        assertThat(message(tooBig)).contains("jobs quota of " + QUOTA + " bytes");
        assertThat(listed("quota-carol", "j")).containsExactly("first.bin");
        JsonNode usage = JSON.readTree(get("/v1/jobs", "quota-carol").body());
        assertThat(usage.path("usage_bytes").asLong()).as("disk blocks of the volumes").isBetween(3L << 20,
                (3L << 20) + (1L << 20));
        assertThat(usage.path("quota_bytes").asLong()).isEqualTo(QUOTA);
        assertThat(other.statusCode()).as(other.body()).isEqualTo(201);
        assertThat(JSON.readTree(get("/v1/jobs", "dave").body()).path("quota_bytes").asLong()).isEqualTo(2L << 30);
    }

    private static String code(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error").path("code").asText();
    }

    private static String message(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body()).path("error").path("message").asText();
    }
}
