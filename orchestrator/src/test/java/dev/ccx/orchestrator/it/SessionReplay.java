package dev.ccx.orchestrator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Replays a recorded cc-executor-docker client session (a JSON list of steps, see {@code cc-executor-session.json})
 * for several users at once, step by step and user by user, so their logins and runs interleave: each step's
 * status and JSON fields are checked, values are saved for later steps ({@code {name}} placeholders), browser
 * steps stand for what the user does in a browser, checkpoints call back into the test.
 */
final class SessionReplay {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;
    private final String key;
    private final JsonNode steps;
    private final Map<String, Map<String, String>> vars = new HashMap<>();

    SessionReplay(String resource, String baseUrl, String key) {
        this.baseUrl = baseUrl;
        this.key = key;
        try (InputStream in = SessionReplay.class.getResourceAsStream(resource)) {
            this.steps = JSON.readTree(in).path("steps");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The values saved for {@code user} so far. */
    Map<String, String> vars(String user) {
        return vars.get(user);
    }

    void run(List<String> users, Map<String, Consumer<String>> checkpoints) throws Exception {
        users.forEach(u -> vars.put(u, new HashMap<>(Map.of("user", u))));
        int n = 0;
        for (JsonNode step : steps) {
            n++;
            for (String user : users) {
                if (step.has("checkpoint")) {
                    checkpoints.get(step.path("checkpoint").asText()).accept(user);
                } else if (step.has("browser")) {
                    browse(step, user);
                } else {
                    request(step, user, n);
                }
            }
        }
    }

    private void browse(JsonNode step, String user) throws Exception {
        String url = fill(step.path("browser").asText(), user).replace("host.docker.internal", "127.0.0.1");
        HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).as(url + " -> " + page.body()).isIn(200, 302);
        if (step.has("save")) {
            vars.get(user).put(step.path("save").asText(), page.headers().firstValue("Location").orElseThrow());
        }
    }

    private void request(JsonNode step, String user, int n) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + step.path("path").asText()))
                .timeout(Duration.ofMinutes(3)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json");
        step.path("headers").fields().forEachRemaining(h -> request.header(h.getKey(), fill(h.getValue().asText(), user)));
        String body = step.has("body") ? fill(step.path("body"), user).toString() : "";
        request.method(step.path("method").asText(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        for (int i = 0; i < 60 && step.has("repeatWhile") && response.statusCode() == step.path("repeatWhile").asInt(); i++) {
            Thread.sleep(500);
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
        String what = "step " + n + " (" + step.path("method").asText() + " " + step.path("path").asText() + ") for "
                + user + ": " + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(step.path("expect").path("status").asInt());
        JsonNode answer = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
        step.path("expect").path("json").fields().forEachRemaining(e ->
                assertThat(answer.at(e.getKey())).as(what + " at " + e.getKey()).isEqualTo(fill(e.getValue(), user)));
        step.path("save").fields().forEachRemaining(e ->
                vars.get(user).put(e.getKey(), answer.at(e.getValue().asText()).asText()));
    }

    private String fill(String text, String user) {
        String out = text;
        for (Map.Entry<String, String> v : vars.get(user).entrySet()) {
            out = out.replace("{" + v.getKey() + "}", v.getValue());
        }
        return out;
    }

    /** A copy of {@code node} with placeholders filled in every string. */
    private JsonNode fill(JsonNode node, String user) {
        if (node.isTextual()) {
            return TextNode.valueOf(fill(node.asText(), user));
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            node.forEach(item -> out.add(fill(item, user)));
            return out;
        }
        if (node.isObject()) {
            ObjectNode out = JSON.createObjectNode();
            node.fields().forEachRemaining(e -> out.set(e.getKey(), fill(e.getValue(), user)));
            return out;
        }
        return node;
    }
}
