package dev.ccx.fakemodel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.fakemodel.http.Json;
import dev.ccx.fakemodel.http.SseFrames;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeModelServerTest {

    private final HttpClient client = HttpClient.newHttpClient();
    private FakeModelServer server;

    @BeforeEach
    void start() throws Exception {
        server = FakeModelServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return client.send(request(path, json).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String path, String json) {
        return HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).header("x-api-key", "test-key")
                .POST(HttpRequest.BodyPublishers.ofString(json.replace('\'', '"')));
    }

    @Test
    void a_streaming_messages_call_gets_sse_and_is_recorded_with_its_headers() throws Exception {
        HttpResponse<String> r = post("/v1/messages?beta=true",
                "{'model':'claude-x','stream':true,'messages':[{'role':'user','content':'hello'}]}");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
        List<SseFrames.Frame> frames = SseFrames.parse(r.body());
        assertThat(frames.get(3).data().get("delta").get("text").asText()).isEqualTo("fake-model: hello");
        RecordedRequest recorded = server.requests().get(0);
        assertThat(recorded.path()).isEqualTo("/v1/messages");
        assertThat(recorded.query()).isEqualTo("beta=true");
        assertThat(recorded.header("X-Api-Key")).contains("test-key");
        assertThat(recorded.body()).contains("hello");
    }

    @Test
    void the_control_api_lists_requests_and_clearing_forgets_them() throws Exception {
        post("/v1/responses", "{'model':'gpt-5.5','input':'hi'}");

        HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/_requests")).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode entries = Json.MAPPER.readTree(list.body());
        assertThat(entries).hasSize(1);
        assertThat(entries.get(0).get("path").asText()).isEqualTo("/v1/responses");
        assertThat(entries.get(0).get("headers").get("x-api-key").get(0).asText()).isEqualTo("test-key");

        HttpResponse<String> deleted = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/_requests"))
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(deleted.statusCode()).isEqualTo(204);
        assertThat(server.requests()).isEmpty();
    }

    @Test
    void scripted_errors_come_with_the_status_in_each_apis_own_shape() throws Exception {
        HttpResponse<String> anthropic = post("/v1/messages",
                "{'model':'m','messages':[{'role':'user','content':'@fake error 529'}],'tools':[{'name':'Bash'}]}");
        HttpResponse<String> openai = post("/v1/responses", "{'model':'m','input':'@fake error 500'}");

        assertThat(anthropic.statusCode()).isEqualTo(529);
        assertThat(Json.parse(anthropic.body()).get("error").get("type").asText()).isEqualTo("overloaded_error");
        assertThat(openai.statusCode()).isEqualTo(500);
        assertThat(Json.parse(openai.body()).get("error").get("type").asText()).isEqualTo("server_error");
    }

    @Test
    void bad_json_and_bad_directives_are_answered_400() throws Exception {
        HttpResponse<String> badJson = post("/v1/messages", "{not json");
        HttpResponse<String> badDirective = post("/v1/responses", "{'model':'m','input':'@fake frobnicate'}");

        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badJson.body()).get("error").get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(badDirective.statusCode()).isEqualTo(400);
        assertThat(Json.parse(badDirective.body()).get("error").get("message").asText()).contains("frobnicate");
    }

    @Test
    void probes_count_tokens_and_models_answer_and_unknown_paths_get_404() throws Exception {
        HttpResponse<Void> head = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> count = post("/v1/messages/count_tokens", "{'messages':[{'role':'user','content':'abcdefgh'}]}");
        HttpResponse<String> models = client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/v1/models")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> unknown = post("/v1/chat/completions", "{}");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(Json.parse(count.body()).get("input_tokens").asInt()).isPositive();
        assertThat(Json.parse(models.body()).get("data").get(0).get("id").asText()).isEqualTo("gpt-5.5");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void sleep_delays_the_answer() throws Exception {
        long start = System.nanoTime();

        HttpResponse<String> r = post("/v1/responses", "{'model':'m','input':'@fake sleep 300\\n@fake reply late'}");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(r.body()).contains("late");
    }

    @Test
    void a_paced_stream_delivers_its_first_chunk_long_before_the_end() throws Exception {
        HttpRequest req = request("/v1/responses",
                "{'model':'m','stream':true,'input':'@fake reply abcdef\\n@fake stream 3 400'}").build();
        long start = System.nanoTime();
        HttpResponse<InputStream> r = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        List<Long> deltaMillis = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.equals("event: response.output_text.delta")) {
                    deltaMillis.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
                }
            }
        }
        long total = Duration.ofNanos(System.nanoTime() - start).toMillis();

        assertThat(deltaMillis).hasSize(3);
        assertThat(total - deltaMillis.get(0)).isGreaterThanOrEqualTo(700);
        assertThat(deltaMillis.get(2) - deltaMillis.get(0)).isGreaterThanOrEqualTo(700);
    }

    @Test
    void many_slow_streams_are_served_at_the_same_time() throws Exception {
        String body = "{'model':'m','stream':true,'messages':[{'role':'user','content':"
                + "'@fake reply abcd\\n@fake stream 2 500'}],'tools':[{'name':'Bash'}]}";
        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            calls.add(client.sendAsync(request("/v1/messages", body).build(), HttpResponse.BodyHandlers.ofString()));
        }

        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().body()).contains("message_stop");
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
}
