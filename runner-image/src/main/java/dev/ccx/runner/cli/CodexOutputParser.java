package dev.ccx.runner.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code codex exec --json} output: each completed {@code agent_message} item is streamed whole (this Codex
 * version emits no token deltas), usage is summed over {@code turn.completed} events, and {@code turn.failed} is a
 * failure. The answer is the last-message file, else the last agent message.
 */
public final class CodexOutputParser implements OutputParser {

    private static final Pattern DETERMINISTIC = Pattern.compile(
            "invalid_request_error|authentication|unauthorized|forbidden|not supported|unsupported"
            + "|\\b(400|401|403|404|422)\\b", Pattern.CASE_INSENSITIVE);

    private final Optional<Path> lastMessageFile;
    private TokenUsage usage = TokenUsage.ZERO;
    private String lastMessage = "";
    private String failure;
    private String lastError;
    private boolean textSent;

    public CodexOutputParser(Optional<Path> lastMessageFile) {
        this.lastMessageFile = lastMessageFile;
    }

    @Override
    public void accept(String line, RunListener listener) {
        Json.parseLine(line).ifPresent(event -> {
            switch (event.path("type").asText()) {
                case "item.completed" -> item(event.path("item"), listener);
                case "turn.completed" -> usage = usage.plus(usage(event.path("usage")));
                case "turn.failed" -> failure = errorText(event.path("error").path("message").asText(""));
                case "error" -> lastError = errorText(event.path("message").asText(""));
                default -> {
                    // thread.started, turn.started, item.started and item.updated need no action
                }
            }
        });
    }

    private void item(JsonNode item, RunListener listener) {
        if (!"agent_message".equals(item.path("type").asText())) {
            return;
        }
        String text = item.path("text").asText("");
        if (text.isEmpty()) {
            return;
        }
        if (textSent) {
            listener.onText("\n\n");
        }
        listener.onText(text);
        textSent = true;
        lastMessage = text;
    }

    @Override
    public Attempt finish(int exitCode, String stderrTail) {
        if (exitCode == 0 && failure == null) {
            String content = lastMessageFile.map(CodexOutputParser::read).filter(s -> !s.isBlank()).orElse(lastMessage);
            return new Attempt.Succeeded(content.strip(), usage);
        }
        String message = failure != null ? failure : lastError != null ? lastError
                : stderrTail.isBlank() ? "codex exited with status " + exitCode : stderrTail;
        return new Attempt.Failed(Redactor.clean(message), !DETERMINISTIC.matcher(message).find());
    }

    static TokenUsage usage(JsonNode u) {
        return new TokenUsage(u.path("input_tokens").asLong(0), u.path("output_tokens").asLong(0),
                u.path("cached_input_tokens").asLong(0), u.path("reasoning_output_tokens").asLong(0));
    }

    /** Codex often wraps the upstream error body as JSON text; prefer its inner message. */
    private static String errorText(String raw) {
        Optional<JsonNode> inner = Json.parseLine(raw);
        return inner.map(n -> n.path("error").path("message").asText(""))
                .filter(s -> !s.isBlank())
                .map(s -> s + (raw.contains("invalid_request_error") ? " (invalid_request_error)" : ""))
                .orElse(raw);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
