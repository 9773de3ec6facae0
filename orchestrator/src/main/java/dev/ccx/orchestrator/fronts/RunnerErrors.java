package dev.ccx.orchestrator.fronts;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.orchestrator.http.ApiException;
import dev.ccx.orchestrator.http.Bodies;
import dev.ccx.orchestrator.proxy.RunnerAnswer;
import java.io.IOException;
import java.io.InputStream;

/**
 * The runner's errors (OpenAI shape, before or inside its stream) as {@link ApiException}s with the runner's status,
 * so each front renders them in its own error shape.
 */
final class RunnerErrors {
    private static final int MAX_ERROR_BYTES = 64 * 1024;
    static final String BROKEN_MESSAGE = "the user's runner failed while answering; retry";

    private RunnerErrors() {}

    /** The error a runner answered with instead of starting its stream. */
    static ApiException fromAnswer(RunnerAnswer answer) {
        try (InputStream in = answer.body()) {
            JsonNode error = Bodies.mapper().readTree(in.readNBytes(MAX_ERROR_BYTES)).path("error");
            if (error.path("message").isTextual()) {
                return new ApiException(answer.status(), error.path("type").asText("server_error"),
                        error.path("code").asText("runner_error"), error.path("message").asText());
            }
        } catch (IOException | RuntimeException e) {
            return broken(e);
        }
        return broken(null);
    }

    /** An {@code {"error":{…}}} chunk inside the runner's stream, with the status the same failure has unstreamed. */
    static ApiException fromChunk(JsonNode error) {
        String type = error.path("type").asText("server_error");
        String code = error.path("code").asText("runner_error");
        return new ApiException(status(type, code), type, code, error.path("message").asText(BROKEN_MESSAGE));
    }

    /** The runner's answer broke off (connection cut, truncated or malformed stream). */
    static ApiException broken(Throwable cause) {
        return ApiException.badGateway("runner_failed", BROKEN_MESSAGE, cause);
    }

    private static int status(String type, String code) {
        return switch (code) {
            case "timeout" -> 504;
            case "run_cancelled" -> 409;
            case "runner_busy" -> 429;
            case "body_too_large" -> 413;
            case "runner_failed" -> 502;
            default -> switch (type) {
                case "invalid_request_error", "unsupported_field" -> 400;
                case "rate_limit_error" -> 429;
                case "timeout_error" -> 504;
                default -> 500;
            };
        };
    }
}
