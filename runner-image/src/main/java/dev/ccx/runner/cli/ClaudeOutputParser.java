package dev.ccx.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import java.util.Set;

/**
 * Reads {@code claude --print --output-format stream-json --verbose} output: token deltas from
 * {@code stream_event} lines (with {@code --include-partial-messages}), the answer, usage and errors from the final
 * {@code result} line. API-error text that Claude wraps into a synthetic assistant message is never streamed.
 */
public final class ClaudeOutputParser implements OutputParser {

    private static final Set<Integer> DETERMINISTIC_STATUSES = Set.of(400, 401, 403, 404, 413, 422);

    private JsonNode result;
    private boolean textSent;
    private boolean newMessage;

    @Override
    public void accept(String line, RunListener listener) {
        Json.parseLine(line).ifPresent(event -> {
            switch (event.path("type").asText()) {
                case "stream_event" -> streamEvent(event.path("event"), listener);
                case "result" -> result = event;
                default -> {
                    // system, assistant, user and status lines carry nothing the caller needs
                }
            }
        });
    }

    private void streamEvent(JsonNode event, RunListener listener) {
        String type = event.path("type").asText();
        if ("message_start".equals(type)) {
            newMessage = textSent;
        } else if ("content_block_delta".equals(type) && "text_delta".equals(event.path("delta").path("type").asText())) {
            String text = event.path("delta").path("text").asText("");
            if (text.isEmpty()) {
                return;
            }
            if (newMessage) {
                listener.onText("\n\n");
                newMessage = false;
            }
            listener.onText(text);
            textSent = true;
        }
    }

    @Override
    public Attempt finish(int exitCode, String stderrTail) {
        if (result == null) {
            String detail = stderrTail.isBlank() ? "" : ": " + stderrTail;
            return new Attempt.Failed(Redactor.clean("claude exited with status " + exitCode + detail), true);
        }
        String text = result.path("result").isTextual() ? result.path("result").asText() : "";
        boolean error = result.path("is_error").asBoolean(false) || !"success".equals(result.path("subtype").asText());
        if (!error && exitCode == 0) {
            return new Attempt.Succeeded(text.strip(), usage(result.path("usage")));
        }
        if ("error_max_turns".equals(result.path("subtype").asText())) {
            return new Attempt.Failed("the run stopped after reaching max_turns", false);
        }
        int status = result.path("api_error_status").asInt(0);
        String message = !text.isBlank() ? text : stderrTail.isBlank() ? "claude failed (" + result.path("subtype")
                .asText("error") + ", exit status " + exitCode + ")" : stderrTail;
        return new Attempt.Failed(Redactor.clean(message), !DETERMINISTIC_STATUSES.contains(status));
    }

    static TokenUsage usage(JsonNode u) {
        long cacheRead = u.path("cache_read_input_tokens").asLong(0);
        long prompt = u.path("input_tokens").asLong(0) + u.path("cache_creation_input_tokens").asLong(0) + cacheRead;
        long reasoning = u.path("output_tokens_details").path("thinking_tokens").asLong(0);
        return new TokenUsage(prompt, u.path("output_tokens").asLong(0), cacheRead, reasoning);
    }
}
