package dev.ccx.runner.login;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ccx.runner.Json;
import dev.ccx.runner.error.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Exchanges a Claude authorization code for tokens at the OAuth token endpoint, from inside the runner, so the
 * token never passes through the orchestrator. Failures become {@link LoginFailure}s: 400 with the upstream
 * message when the endpoint answered with an error, 502 when it could not be reached.
 */
public final class TokenExchange {

    private static final int MAX_RESPONSE = 256 * 1024;

    private final URI tokenUrl;
    private final Duration timeout;

    public TokenExchange(URI tokenUrl, Duration timeout) {
        this.tokenUrl = tokenUrl;
        this.timeout = timeout;
    }

    /** POSTs {@code request} as JSON; the token response (with a non-empty {@code access_token}). */
    public JsonNode exchange(ObjectNode request) {
        int status;
        JsonNode body;
        try {
            HttpURLConnection c = (HttpURLConnection) tokenUrl.toURL().openConnection();
            c.setRequestMethod("POST");
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("Accept", "application/json");
            c.setRequestProperty("User-Agent", "ccx/oauth");
            try (OutputStream out = c.getOutputStream()) {
                out.write(Json.bytes(request));
            }
            status = c.getResponseCode();
            body = parse(status >= 400 ? c.getErrorStream() : c.getInputStream());
            c.disconnect();
        } catch (IOException | IllegalArgumentException e) {
            throw new LoginFailure(Reason.LOGIN_SERVER_UNREACHABLE, "network: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (status == 200 && !body.path("access_token").asText("").isEmpty()) {
            return body;
        }
        throw failure(status, body);
    }

    /** The failure for an error answer, with cc-executor-docker's two friendlier messages. */
    static LoginFailure failure(int status, JsonNode body) {
        JsonNode error = body.path("error");
        Optional<String> type = Optional.ofNullable(error.isObject() ? error.path("type").textValue()
                : error.textValue());
        String message = error.isObject() ? error.path("message").asText("")
                : body.path("error_description").asText("");
        if (message.isEmpty()) {
            message = "token exchange failed (HTTP " + status + ")";
        }
        String t = type.orElse("");
        if (t.equals("rate_limit_error")) {
            message = message + " — try again in 10 to 15 minutes";
        } else if (t.equals("invalid_grant") || t.equals("invalid_request_error")
                && message.toLowerCase(Locale.ROOT).contains("code")) {
            message = "the authorization code has expired or is invalid — start a new login";
        }
        return new LoginFailure(Reason.LOGIN_FAILED, message, type);
    }

    private static JsonNode parse(InputStream in) throws IOException {
        if (in == null) {
            return Json.object();
        }
        try (in) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE);
            JsonNode node = Json.parse(bytes);
            return node == null ? Json.object() : node;
        } catch (IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                return Json.object();
            }
            throw e;
        }
    }
}
