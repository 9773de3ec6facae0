package dev.ccx.orchestrator.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/** The orchestrator's HTTP API as the adversarial and fault suites call it: as the service or the admin. */
final class ItCalls {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Supplier<String> baseUrl;

    ItCalls(Supplier<String> baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** A chat body: {@code model}, one user message, and the given extra fields (name, value, ...). */
    static ObjectNode chatBody(String model, String prompt, Object... fields) {
        ObjectNode body = JSON.createObjectNode().put("model", model);
        for (int i = 0; i < fields.length; i += 2) {
            body.set((String) fields[i], JSON.valueToTree(fields[i + 1]));
        }
        body.putArray("messages").addObject().put("role", "user").put("content", prompt);
        return body;
    }

    /** A Claude body with Bash allowed in {@code job}, or a Codex body with {@code danger-full-access} there. */
    static ObjectNode agentBody(boolean codex, String job, String prompt) {
        return codex ? chatBody("codex/gpt-5.5", prompt, "job", job, "codex_sandbox", "danger-full-access")
                : chatBody("sonnet", prompt, "job", job, "allowed_tools", List.of("Bash"));
    }

    HttpResponse<String> chat(String user, ObjectNode body) {
        return send(as(user, "/v1/chat/completions").header("Content-Type", "application/json")
                .timeout(Duration.ofMinutes(6)).POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** A streamed chat whose body is read as it arrives. */
    HttpResponse<InputStream> stream(String user, ObjectNode body) {
        try {
            return HTTP.send(as(user, "/v1/chat/completions").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.put("stream", true).toString())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A service-key call for {@code user} on the jobs or models API. */
    HttpResponse<String> user(String method, String user, String path, byte[] body) {
        return send(as(user, path).timeout(Duration.ofMinutes(2)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** A file from the user's jobs API, byte for byte. */
    byte[] download(String user, String path) {
        try {
            HttpResponse<byte[]> r = HTTP.send(as(user, path).timeout(Duration.ofMinutes(2)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " for " + user + ": " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET with a user's own bearer token (a JWT) instead of the service key. */
    HttpResponse<String> withToken(String token, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl.get() + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token).GET());
    }

    HttpResponse<String> admin(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl.get() + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + ItEnvironment.ADMIN_KEY)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    /** The answer text of a chat completion (the fake model lists each tool's output in it). */
    static String content(HttpResponse<String> response) {
        return json(response).path("choices").path(0).path("message").path("content").asText();
    }

    static String code(HttpResponse<String> response) {
        return json(response).path("error").path("code").asText();
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode().put("unparsable", response.body());
        }
    }

    private HttpRequest.Builder as(String user, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
                .header("Authorization", "Bearer " + ItEnvironment.SERVICE_KEY).header("X-CCX-User", user);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
