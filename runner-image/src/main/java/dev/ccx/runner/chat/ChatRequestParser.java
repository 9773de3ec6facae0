package dev.ccx.runner.chat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ccx.runner.cli.CodexSandbox;
import dev.ccx.runner.cli.ModelChoice;
import dev.ccx.runner.cli.Prompt;
import dev.ccx.runner.cli.Provider;
import dev.ccx.runner.error.AgentException;
import dev.ccx.runner.error.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** Checks the types of a chat-completion body in cc-executor-docker's validation order (spec 5.4). */
public final class ChatRequestParser {

    private static final Pattern TOOL = Pattern.compile("[A-Za-z0-9_.:-]+(\\(.{0,200}\\))?");

    private final ModelResolver models;

    public ChatRequestParser(ModelResolver models) {
        this.models = models;
    }

    /** Parses {@code body}, which must be a JSON object. */
    public ChatRequest parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new AgentException(Reason.INVALID_JSON, "request body must be a JSON object");
        }
        ModelChoice model = models.resolve(body.get("provider"), body.get("model"));
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull() || (messages.isArray() && messages.isEmpty())) {
            throw AgentException.invalid("messages is required");
        }
        if (model.provider() == Provider.CODEX) {
            rejectClaudeOnlyFields(body);
        }
        Prompt prompt = MessageFlattener.flatten(messages);
        JsonNode streamOptions = body.path("stream_options");
        return new ChatRequest(model, prompt,
                Fields.bool(body, "stream"),
                streamOptions.isObject() && Fields.bool(streamOptions, "include_usage"),
                Fields.truthy(body, "output_files"),
                Fields.optionalText(body, "job"),
                Fields.optionalText(body, "cwd"),
                Fields.textList(body, "add_dirs").orElse(List.of()),
                tools(body),
                maxTurns(body),
                timeout(body),
                effort(body, model),
                Fields.truthy(body, "web_search"),
                sandbox(body, model));
    }

    private static void rejectClaudeOnlyFields(JsonNode body) {
        List<String> bad = new ArrayList<>();
        for (String field : List.of("allowed_tools", "max_turns")) {
            if (body.hasNonNull(field)) {
                bad.add(field);
            }
        }
        if (!bad.isEmpty()) {
            throw new AgentException(Reason.UNSUPPORTED_FIELD,
                    "unsupported field for provider=codex: " + String.join(", ", bad));
        }
    }

    private static Optional<List<String>> tools(JsonNode body) {
        Optional<List<String>> tools = Fields.textList(body, "allowed_tools");
        tools.ifPresent(list -> list.forEach(t -> {
            if (!TOOL.matcher(t).matches()) {
                throw AgentException.invalid("allowed_tools: not a tool name: " + Fields.abbreviate(t));
            }
        }));
        return tools;
    }

    private static OptionalInt maxTurns(JsonNode body) {
        JsonNode node = body.get("max_turns");
        if (node == null || node.isNull()) {
            return OptionalInt.empty();
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber() || node.asInt() < 0 || node.asInt() > 10_000) {
            throw AgentException.invalid("max_turns must be a whole number between 0 and 10000");
        }
        return node.asInt() == 0 ? OptionalInt.empty() : OptionalInt.of(node.asInt());
    }

    private static Optional<Duration> timeout(JsonNode body) {
        JsonNode node = body.get("timeout");
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isNumber() || !(node.asDouble() > 0) || node.asDouble() > 1e7) {
            throw AgentException.invalid("timeout must be a positive number of seconds");
        }
        return Optional.of(Duration.ofMillis(Math.max(1, (long) (node.asDouble() * 1000))));
    }

    private Optional<String> effort(JsonNode body, ModelChoice model) {
        Optional<String> effort = Fields.optionalText(body, "reasoning_effort").map(String::strip)
                .filter(s -> !s.isEmpty());
        if (effort.isEmpty()) {
            return effort;
        }
        String e = effort.get();
        if (model.provider() == Provider.CLAUDE && !ModelCatalog.CLAUDE_EFFORTS.contains(e)) {
            throw AgentException.invalid("unsupported reasoning_effort for provider=claude: " + Fields.abbreviate(e));
        }
        if (model.provider() == Provider.CODEX && !ModelCatalog.CODEX_EFFORTS.contains(e)) {
            throw AgentException.invalid("unsupported reasoning_effort for model " + model.requested() + ": "
                    + Fields.abbreviate(e));
        }
        return effort;
    }

    private static Optional<CodexSandbox> sandbox(JsonNode body, ModelChoice model) {
        if (model.provider() != Provider.CODEX || !body.hasNonNull("codex_sandbox")) {
            return Optional.empty();
        }
        JsonNode node = body.get("codex_sandbox");
        return Optional.of(CodexSandbox.fromWireName(node.isTextual() ? node.asText() : "").orElseThrow(() ->
                AgentException.invalid("codex_sandbox must be read-only, workspace-write, or danger-full-access")));
    }
}
